package io.inkflow.simulator.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the usage model shared by every printer of a run.
 *
 * @param usageFactor            multiplies every printer's pages per day (2.0 empties cartridges twice as fast)
 * @param initialHeadroomPercent initial levels are at least this far above a slot's threshold
 * @param offlinePerDay          probability per printer and day of an offline period (switched off)
 * @param rebootsPerDay          expected reboots per printer and day
 * @param replacementDelay       simulated time from the first low report to a new cartridge in the slot
 * @param nonGenuineRate         probability that a cartridge put in is not genuine (never ordered)
 */
public record FleetOptions(double usageFactor, int initialHeadroomPercent, double offlinePerDay, double rebootsPerDay,
                           Duration replacementDelay, double nonGenuineRate) {
    public FleetOptions {
        Objects.requireNonNull(replacementDelay, "replacementDelay");
        if (usageFactor <= 0) {
            throw new IllegalArgumentException("usageFactor must be positive");
        }
        if (initialHeadroomPercent < 0 || initialHeadroomPercent > 90) {
            throw new IllegalArgumentException("initialHeadroomPercent must be 0..90");
        }
        requireProbability("offlinePerDay", offlinePerDay);
        requireProbability("nonGenuineRate", nonGenuineRate);
        if (rebootsPerDay < 0) {
            throw new IllegalArgumentException("rebootsPerDay must not be negative");
        }
        if (replacementDelay.isNegative()) {
            throw new IllegalArgumentException("replacementDelay must not be negative");
        }
    }

    public static FleetOptions defaults() {
        return new FleetOptions(1.0, 10, 0.05, 0.05, Duration.ofDays(2), 0.0);
    }

    public FleetOptions withNonGenuineRate(double rate) {
        return new FleetOptions(usageFactor, initialHeadroomPercent, offlinePerDay, rebootsPerDay, replacementDelay, rate);
    }

    static void requireProbability(String name, double value) {
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
        }
    }
}
