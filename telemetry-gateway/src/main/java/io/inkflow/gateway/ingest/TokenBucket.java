package io.inkflow.gateway.ingest;

import java.util.function.LongSupplier;

/**
 * Per-device report rate limit: {@code ratePerSecond} sustained, up to {@code burst} at once. Not
 * thread-safe; each connection owns one and uses it from its event loop.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long nanosPerToken;
    private final long capacityNanos;
    private final LongSupplier nanoTime;
    /** Credit expressed in nanoseconds of refill, so no fractions are needed. */
    private long creditNanos;
    private long last;

    public TokenBucket(int ratePerSecond, int burst, LongSupplier nanoTime) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.nanosPerToken = NANOS_PER_SECOND / ratePerSecond;
        this.capacityNanos = nanosPerToken * burst;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.creditNanos = capacityNanos;
    }

    /**
     * Takes one token for a report that has already arrived (it is never refused: refusing would
     * drop accepted data). Returns 0 while within the limit, else how many nanoseconds the caller
     * should stop reading so the device falls back to its sustained rate.
     */
    public long acquire() {
        long now = nanoTime.getAsLong();
        creditNanos = Math.min(capacityNanos, creditNanos + Math.max(0, now - last));
        last = now;
        creditNanos -= nanosPerToken;
        return creditNanos >= 0 ? 0 : -creditNanos;
    }
}
