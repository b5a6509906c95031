package io.inkflow.simulator.oracle;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Business-day arithmetic as the streams {@code BusinessDays} does it (Monday to Friday in UTC, no public
 * holidays): the forecast horizon, the consolidation window and the backtest's transit all count in it.
 */
public final class BusinessDays {
    private BusinessDays() {
    }

    /** The instant {@code days} business days after {@code from}, at the same time of day. */
    public static Instant add(Instant from, int days) {
        ZonedDateTime at = from.atZone(ZoneOffset.UTC);
        int left = days;
        while (left > 0) {
            at = at.plusDays(1);
            if (at.getDayOfWeek() != DayOfWeek.SATURDAY && at.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return at.toInstant();
    }
}
