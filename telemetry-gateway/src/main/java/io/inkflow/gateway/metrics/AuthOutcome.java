package io.inkflow.gateway.metrics;

/** The result of a CONNECT authentication; a metric tag. */
public enum AuthOutcome {
    SUCCESS,
    BAD_CREDENTIALS,
    THROTTLED,
    UNAVAILABLE
}
