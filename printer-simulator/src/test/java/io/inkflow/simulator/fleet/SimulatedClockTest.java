package io.inkflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    private final MutableClock real = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));

    @Test
    void aDayPassesInAMinuteAtSpeed1440() {
        Instant simStart = real.instant().minus(Duration.ofDays(30));
        SimulatedClock clock = new SimulatedClock(real, simStart, 1440);
        real.advance(Duration.ofMinutes(1));
        assertThat(clock.now()).isEqualTo(simStart.plus(Duration.ofDays(1)));
        assertThat(clock.realDurationOf(Duration.ofDays(30))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void neverRunsAheadOfTheRealClock() {
        SimulatedClock clock = new SimulatedClock(real, real.instant().minus(Duration.ofDays(1)), 1440);
        real.advance(Duration.ofMinutes(5));
        assertThat(clock.now()).isEqualTo(real.instant());
    }

    @Test
    void rejectsNonPositiveSpeed() {
        assertThatThrownBy(() -> new SimulatedClock(Clock.systemUTC(), Instant.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
