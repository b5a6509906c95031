package io.inkflow.gateway.ingest;

/**
 * A report the sink refused at once, without trying to store it, because its store is known to be
 * unreachable. Expected in bulk during an outage, so it carries no stack trace.
 */
public final class SinkUnavailableException extends RuntimeException {
    public SinkUnavailableException(String message) {
        super(message, null, false, false);
    }
}
