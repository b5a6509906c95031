package io.inkflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aDayPassesInAMinuteAtSpeed1440() {
        MovableClock real = new MovableClock();
        Instant simStart = real.now.minus(Duration.ofDays(30));
        SimulatedClock clock = new SimulatedClock(real, simStart, 1440);
        real.now = real.now.plus(Duration.ofMinutes(1));
        assertThat(clock.now()).isEqualTo(simStart.plus(Duration.ofDays(1)));
        assertThat(clock.realDurationOf(Duration.ofDays(30))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void neverRunsAheadOfTheRealClock() {
        MovableClock real = new MovableClock();
        SimulatedClock clock = new SimulatedClock(real, real.now.minus(Duration.ofDays(1)), 1440);
        real.now = real.now.plus(Duration.ofMinutes(5));
        assertThat(clock.now()).isEqualTo(real.now);
    }

    @Test
    void rejectsNonPositiveSpeed() {
        assertThatThrownBy(() -> new SimulatedClock(Clock.systemUTC(), Instant.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
