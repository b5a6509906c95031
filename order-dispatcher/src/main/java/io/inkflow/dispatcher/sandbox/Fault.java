package io.inkflow.dispatcher.sandbox;

/** A failure a sandbox adapter injects on a share of its calls. */
public enum Fault {
    /** The call works. */
    NONE,
    /** The payment is declined (payment provider only). */
    DECLINE,
    /** The caller waits its timeout and learns nothing; nothing is recorded. */
    TIMEOUT,
    /** The request takes effect and is recorded, but the answer is lost on the way back. */
    LOSE_RESPONSE
}
