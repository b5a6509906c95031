package io.inkflow.schemas;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Business-day arithmetic for shipping lead times: Monday to Friday, in UTC, no public holidays. Shared: the
 * streams forecast and consolidation count in it, and so does the simulator's model of them.
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
            if (isBusinessDay(at.getDayOfWeek())) {
                left--;
            }
        }
        return at.toInstant();
    }

    private static boolean isBusinessDay(DayOfWeek day) {
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }
}
