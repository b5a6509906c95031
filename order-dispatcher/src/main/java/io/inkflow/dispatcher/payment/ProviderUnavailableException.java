package io.inkflow.dispatcher.payment;

import java.time.Duration;
import java.util.Optional;

/**
 * A remote call whose outcome is unknown: it timed out, the connection dropped, or the response was lost.
 * The request may or may not have taken effect; the caller reconciles by idempotency key.
 */
public final class ProviderUnavailableException extends Exception {
    private final transient Duration retryAfter;

    public ProviderUnavailableException(String message) {
        this(message, null, null);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** @param retryAfter how long the provider asked us to wait (a 429's Retry-After), or null */
    public ProviderUnavailableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked us to wait before the next call, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
