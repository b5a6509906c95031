package io.inkflow.dispatcher.shipping;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Business-day arithmetic for delivery estimates (weekends skipped; public holidays are not modelled). */
public final class BusinessDays {
    public static final int MIN_TRANSIT_DAYS = 3;
    public static final int MAX_TRANSIT_DAYS = 7;

    private BusinessDays() {
    }

    public static LocalDate add(LocalDate from, int businessDays) {
        if (businessDays < 0) {
            throw new IllegalArgumentException("businessDays must not be negative");
        }
        LocalDate date = from;
        int left = businessDays;
        while (left > 0) {
            date = date.plusDays(1);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return date;
    }

    /**
     * The standard-shipping transit time for a parcel, 3 to 7 business days, chosen deterministically
     * from a stable value (the sandbox uses the idempotency key) so a replay answers the same estimate.
     */
    public static int transitDays(String stableSeed) {
        int span = MAX_TRANSIT_DAYS - MIN_TRANSIT_DAYS + 1;
        return MIN_TRANSIT_DAYS + Math.floorMod(stableSeed.hashCode(), span);
    }
}
