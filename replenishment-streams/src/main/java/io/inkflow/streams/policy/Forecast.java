package io.inkflow.streams.policy;

import io.inkflow.schemas.BusinessDays;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Time-to-empty estimate of one cartridge: its average consumption rate since its first reading,
 * extrapolated linearly to 0 %. Only the first reading and a count are kept per cartridge, so the
 * state stays a few dozen bytes per slot; an average over the cartridge's life is robust to integer
 * level steps and uneven reporting, and idle time since the last change slows the estimate, as it
 * should. A cartridge whose use speeds up late is underestimated; the threshold still catches it.
 */
public record Forecast(double daysToEmpty, Instant emptyAt) {
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    /**
     * {@code now} is the current report's time. Empty when there are too few distinct readings, they
     * span too little time, or the level has not fallen (nothing to extrapolate).
     */
    public static Optional<Forecast> estimate(SlotState slot, Instant now, PolicySettings settings) {
        if (slot.readings() < settings.forecastMinSamples()) {
            return Optional.empty();
        }
        LevelSample first = slot.firstReading();
        Duration span = Duration.between(first.at(), now);
        int consumed = first.level() - slot.lastLevel();
        if (span.compareTo(settings.forecastMinSpan()) < 0 || consumed <= 0) {
            return Optional.empty();
        }
        double perDay = consumed / (span.toMillis() / MILLIS_PER_DAY);
        double days = slot.lastLevel() / perDay;
        return Optional.of(new Forecast(days, now.plusMillis(Math.round(days * MILLIS_PER_DAY))));
    }

    /** True when the cartridge empties before a replacement ordered now would arrive, plus margin. */
    public boolean shorterThan(Instant now, int businessDays) {
        return emptyAt.isBefore(BusinessDays.add(now, businessDays));
    }
}
