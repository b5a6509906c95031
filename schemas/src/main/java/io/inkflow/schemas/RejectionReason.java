package io.inkflow.schemas;

/** Why a record was rejected. Used as a metric tag, so the set is closed. */
public enum RejectionReason {
    NOT_JSON,
    DUPLICATE_KEY,
    SCHEMA_VIOLATION,
    LEVEL_OUT_OF_RANGE,
    FUTURE_TIMESTAMP,
    OVERSIZE,
    SERIAL_MISMATCH,
    UNKNOWN_MODEL,
    DESERIALIZATION_ERROR,
    PROCESSING_ERROR
}
