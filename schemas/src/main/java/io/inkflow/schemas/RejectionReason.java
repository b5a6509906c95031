package io.inkflow.schemas;

/** Why a record was rejected. Used as a metric tag, so the set is closed. */
public enum RejectionReason {
    NOT_JSON,
    DUPLICATE_KEY,
    /** A report that lists the same supply slot twice: its levels are ambiguous. */
    DUPLICATE_SLOT,
    SCHEMA_VIOLATION,
    LEVEL_OUT_OF_RANGE,
    FUTURE_TIMESTAMP,
    OVERSIZE,
    SERIAL_MISMATCH,
    UNKNOWN_MODEL,
    DESERIALIZATION_ERROR,
    PROCESSING_ERROR
}
