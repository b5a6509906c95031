package io.inkflow.streams.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Time-to-empty estimate of one cartridge from its level history: the average consumption rate
 * from the oldest kept reading to now (so idle time since the last change slows the estimate),
 * extrapolated linearly to 0 %. An average over the window is used rather than a regression because
 * levels are integer steps; it is robust to uneven reporting.
 */
public record Forecast(double daysToEmpty, Instant emptyAt) {
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    /**
     * {@code history} ends with the current level; {@code now} is the current report's time. Empty
     * when there are too few distinct readings, they span too little time, or the level has not
     * fallen (nothing to extrapolate).
     */
    public static Optional<Forecast> estimate(List<LevelSample> history, Instant now, PolicySettings settings) {
        if (history.size() < settings.forecastMinSamples()) {
            return Optional.empty();
        }
        LevelSample oldest = history.getFirst();
        int level = history.getLast().level();
        Duration span = Duration.between(oldest.at(), now);
        int consumed = oldest.level() - level;
        if (span.compareTo(settings.forecastMinSpan()) < 0 || consumed <= 0) {
            return Optional.empty();
        }
        double perDay = consumed / (span.toMillis() / MILLIS_PER_DAY);
        double days = level / perDay;
        return Optional.of(new Forecast(days, now.plusMillis(Math.round(days * MILLIS_PER_DAY))));
    }

    /** True when the cartridge empties before a replacement ordered now would arrive, plus margin. */
    public boolean shorterThan(Instant now, int businessDays) {
        return emptyAt.isBefore(BusinessDays.add(now, businessDays));
    }
}
