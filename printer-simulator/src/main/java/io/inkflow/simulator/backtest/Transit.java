package io.inkflow.simulator.backtest;

import io.inkflow.schemas.BusinessDays;
import io.inkflow.simulator.fleet.Seeds;
import java.time.Instant;

/**
 * Standard shipping as the backtest models it: a parcel ships when it is ordered and arrives
 * {@code minDays} to {@code maxDays} business days later (Monday to Friday in UTC, no public holidays),
 * at the same time of day. The number of days is drawn from the seed and the parcel's first order
 * (serial, slot, depletion cycle), so a run is reproducible and every policy sees the same transit for
 * the same replacement of the same slot.
 */
public record Transit(int minDays, int maxDays, long seed) {
    public Transit {
        if (minDays < 0 || maxDays < minDays) {
            throw new IllegalArgumentException("transit needs 0 <= min <= max business days, was " + minDays + "-"
                    + maxDays);
        }
    }

    /** 3 to 7 business days, the free standard shipping of the service terms. */
    public static Transit standard(long seed) {
        return new Transit(3, 7, seed);
    }

    /** {@code "3-7"} or a fixed {@code "5"}. */
    public static Transit parse(String range, long seed) {
        String[] parts = range.trim().split("-", 2);
        try {
            int min = Integer.parseInt(parts[0].trim());
            return new Transit(min, parts.length == 1 ? min : Integer.parseInt(parts[1].trim()), seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("transit must look like 3-7 or 5, was '" + range + "'");
        }
    }

    /** Business days in transit of the parcel whose first order is this one. */
    public int days(String serial, String slot, int cycle) {
        return minDays + Seeds.stream(seed, "transit/" + serial + '/' + slot, cycle).nextInt(maxDays - minDays + 1);
    }

    /** When a parcel shipped at {@code shipped} arrives after {@code businessDays}. */
    public static Instant arrival(Instant shipped, int businessDays) {
        return BusinessDays.add(shipped, businessDays);
    }

    @Override
    public String toString() {
        return minDays == maxDays ? minDays + " business days" : minDays + " to " + maxDays + " business days";
    }
}
