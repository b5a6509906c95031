package io.inkflow.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void allowsTheBurstThenAsksToWaitOneTokenInterval() {
        TokenBucket bucket = new TokenBucket(10, 3, now::get);
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isEqualTo(100_000_000L);
    }

    @Test
    void refillsAtTheSustainedRateUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, now::get);
        bucket.acquire();
        bucket.acquire();
        now.addAndGet(100_000_000L);
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isPositive();
        now.addAndGet(60_000_000_000L);
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isPositive();
    }
}
