package io.inkflow.streams.policy;

import io.inkflow.schemas.SupplyLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * When a printer's latest levels are worth publishing on the status topic. The topic exists for the
 * customer pages (levels, "last seen", activation), not for ordering, so it is rate-limited per printer:
 * <ul>
 *   <li>always for the first accepted report under an enrollment (the dispatcher activates it on that);</li>
 *   <li>when the levels (level, genuine flag or cartridge of any slot) differ from the last published
 *       ones and at least {@code minInterval} has passed since then;</li>
 *   <li>as a heartbeat when {@code heartbeat} has passed since the last one, changed or not.</li>
 * </ul>
 * A change held back by the interval goes out with the next report after it (printers report every few
 * minutes). Times are the reports' Kafka timestamps, so a replay decides the same.
 */
public final class StatusPolicy {
    private final Duration minInterval;
    private final Duration heartbeat;

    public StatusPolicy(Duration minInterval, Duration heartbeat) {
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        if (minInterval.isNegative() || heartbeat.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("need 0 <= minInterval <= heartbeat");
        }
    }

    /** What was last published for a printer: its enrollment, when, and a fingerprint of its levels. */
    public record Mark(String enrollmentId, Instant publishedAt, long fingerprint) {
        public Mark {
            Objects.requireNonNull(publishedAt, "publishedAt");
        }
    }

    /** @param last null when nothing was published for the printer yet */
    public boolean due(Mark last, String enrollmentId, long fingerprint, Instant at) {
        if (last == null || !Objects.equals(last.enrollmentId(), enrollmentId)) {
            return true;
        }
        Duration since = Duration.between(last.publishedAt(), at);
        if (since.compareTo(heartbeat) >= 0) {
            return true;
        }
        return fingerprint != last.fingerprint() && since.compareTo(minInterval) >= 0;
    }

    /** Equal for the same slots, levels, genuine flags and cartridges in any order. */
    public static long fingerprint(List<SupplyLevel> supplies) {
        long hash = 17;
        for (SupplyLevel s : supplies.stream().sorted(Comparator.comparing(SupplyLevel::slot)).toList()) {
            hash = 31 * hash + s.slot().hashCode();
            hash = 31 * hash + s.remainingPercent();
            hash = 31 * hash + (s.genuine() ? 1 : 0);
            hash = 31 * hash + s.cartridgeId().hashCode();
        }
        return hash;
    }
}
