package io.inkflow.simulator.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time running {@code speed} times faster than the injected real clock, from
 * {@code simStart} at the moment of construction. Speed 1440 makes a day pass in a minute. Never
 * runs ahead of the real clock: once it catches up with the present it moves in real time, because
 * reports stamped in the future are refused by the gateway.
 */
public final class SimulatedClock {
    private final Clock real;
    private final Instant realStart;
    private final Instant simStart;
    private final double speed;

    public SimulatedClock(Clock real, Instant simStart, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        this.real = real;
        this.realStart = real.instant();
        this.simStart = simStart;
        this.speed = speed;
    }

    public Instant now() {
        return toSimulated(real.instant());
    }

    public Instant toSimulated(Instant realInstant) {
        long realMillis = Duration.between(realStart, realInstant).toMillis();
        Instant simulated = simStart.plusMillis((long) (realMillis * speed));
        return simulated.isAfter(realInstant) && !simStart.isAfter(realStart) ? realInstant : simulated;
    }

    /** How long the real clock needs for a simulated duration. */
    public Duration realDurationOf(Duration simulated) {
        return Duration.ofMillis((long) Math.ceil(simulated.toMillis() / speed));
    }

    public Instant simStart() {
        return simStart;
    }

    public double speed() {
        return speed;
    }

    public Duration simulatedElapsed() {
        return Duration.between(simStart, now());
    }
}
