package io.inkflow.dispatcher.payment;

import java.time.Duration;
import java.util.Optional;

/**
 * A remote call whose outcome is unknown: it timed out, the connection dropped, the response was lost, or
 * the provider answered with a server error or a rate limit. The request may or may not have taken effect;
 * the caller reconciles by idempotency key before calling again, and not before {@link #retryAfter()}.
 */
public final class ProviderUnavailableException extends Exception {
    private final transient Duration retryAfter;

    public ProviderUnavailableException(String message) {
        this(message, null, null);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** @param retryAfter how long the provider asked us to wait (a 429's {@code Retry-After}); null when it did not */
    public ProviderUnavailableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The wait the provider asked for before the next call, when it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
