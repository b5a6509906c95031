package io.inkflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AuthThrottle throttle = new AuthThrottle(clock, 3, Duration.ofSeconds(60));

    @Test
    void blocksAnAddressAfterRepeatedFailuresForTheBlockTime() {
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isTrue();
        assertThat(throttle.blocked("10.0.0.2")).isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void aSuccessClearsTheCount() {
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.1");
        throttle.recordSuccess("10.0.0.1");
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
    }
}
