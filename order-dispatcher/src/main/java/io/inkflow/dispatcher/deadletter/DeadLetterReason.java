package io.inkflow.dispatcher.deadletter;

/** Why a consumed record could not be stored; each is a client error: the same bytes fail every time. */
public enum DeadLetterReason {
    /** The value is not JSON (or there is no value). */
    NOT_JSON,
    /** JSON that fails the message's JSON Schema, or cannot be read as the message record. */
    SCHEMA_INVALID,
    /** The model is not in the catalog. */
    UNKNOWN_MODEL,
    /** The SKU is not one of the model's supplies in the catalog. */
    UNKNOWN_SKU,
    /** PostgreSQL refused the data (a constraint, a value a column cannot hold). */
    CONSTRAINT_VIOLATION,
    /** A bug of ours while handling this record; the log has the stack trace. Replay after the fix. */
    INTERNAL
}
