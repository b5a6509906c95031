package io.inkflow.dispatcher.payment;

/**
 * A remote call whose outcome is unknown: it timed out, the connection dropped, or the response was lost.
 * The request may or may not have taken effect; the caller reconciles by idempotency key.
 */
public final class ProviderUnavailableException extends Exception {
    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
