package io.inkflow.simulator.oracle;

import io.inkflow.schemas.BusinessDays;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The simulator's model of the streams forecast ({@code Forecast} and {@code SlotState} in
 * replenishment-streams, which the simulator may not depend on): per cartridge, its first reading and
 * the count of distinct levels seen; the average use since the first reading, extrapolated linearly
 * to 0 %. It forecasts from 3 distinct readings spanning at least 24 hours, the streams defaults.
 * The oracle and the backtest both use this one model.
 */
public final class CartridgeHistory {
    static final int MIN_READINGS = 3;
    static final Duration MIN_SPAN = Duration.ofHours(24);
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private final Instant firstAt;
    private final int firstLevel;
    private int lastLevel;
    private int readings = 1;

    /** A new cartridge, first seen at {@code firstAt} with {@code level}. */
    public CartridgeHistory(Instant firstAt, int level) {
        this.firstAt = firstAt;
        this.firstLevel = level;
        this.lastLevel = level;
    }

    /** An independent copy, for trying reports out without changing this history. */
    public CartridgeHistory copy() {
        CartridgeHistory copy = new CartridgeHistory(firstAt, firstLevel);
        copy.lastLevel = lastLevel;
        copy.readings = readings;
        return copy;
    }

    /**
     * Whether both histories forecast alike from any time and after any further readings: the same first
     * and last reading, and the same count of readings up to the {@link #MIN_READINGS} a forecast needs
     * (beyond that the count decides nothing).
     */
    public boolean sameAs(CartridgeHistory other) {
        return firstAt.equals(other.firstAt) && firstLevel == other.firstLevel && lastLevel == other.lastLevel
                && Math.min(readings, MIN_READINGS) == Math.min(other.readings, MIN_READINGS);
    }

    /** The same cartridge read again; a changed level counts as one more reading. */
    public void read(int level) {
        if (level != lastLevel) {
            readings++;
        }
        lastLevel = level;
    }

    public int lastLevel() {
        return lastLevel;
    }

    /** When the cartridge runs out at its average rate so far, seen from {@code now}; empty when unknown. */
    public Optional<Instant> emptyAt(Instant now) {
        Duration span = Duration.between(firstAt, now);
        int used = firstLevel - lastLevel;
        if (readings < MIN_READINGS || span.compareTo(MIN_SPAN) < 0 || used <= 0) {
            return Optional.empty();
        }
        double perDay = used / (span.toMillis() / MILLIS_PER_DAY);
        return Optional.of(now.plusMillis(Math.round(lastLevel / perDay * MILLIS_PER_DAY)));
    }

    /**
     * True when it runs out strictly before {@code businessDays} from now: the streams
     * {@code Forecast.shorterThan}. False without a forecast.
     */
    public boolean runsOutWithin(Instant now, int businessDays) {
        return emptyAt(now).map(at -> at.isBefore(BusinessDays.add(now, businessDays))).orElse(false);
    }
}
