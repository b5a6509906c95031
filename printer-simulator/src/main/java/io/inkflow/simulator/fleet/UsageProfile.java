package io.inkflow.simulator.fleet;

import java.util.Map;

/**
 * How one printer is used. Derived from the fleet seed and the serial ({@link UsageProfiles}), so it
 * is not stored in the fleet file and every run of the same fleet uses ink the same way.
 *
 * @param pagesPerWorkday   mean pages printed on a working day
 * @param weekendFactor     share of a workday's pages printed on Saturday and Sunday (0 for offices)
 * @param officeStartHour   first printing hour, local time (inclusive)
 * @param officeEndHour     last printing hour, local time (exclusive)
 * @param utcOffsetHours    the printer's time zone
 * @param percentPerPage    ink or toner used per page, in percent of a full cartridge, per slot
 * @param initialPercent    level of the cartridge in each slot when the simulation starts
 * @param offlinePerDay     probability that the printer is switched off for a few hours on a day
 * @param rebootsPerDay     expected reboots per day (each starts a new sequence epoch)
 */
public record UsageProfile(double pagesPerWorkday, double weekendFactor, int officeStartHour, int officeEndHour,
                           int utcOffsetHours, Map<String, Double> percentPerPage, Map<String, Integer> initialPercent,
                           double offlinePerDay, double rebootsPerDay) {
    public UsageProfile {
        percentPerPage = Map.copyOf(percentPerPage);
        initialPercent = Map.copyOf(initialPercent);
        if (officeStartHour < 0 || officeEndHour > 24 || officeStartHour >= officeEndHour) {
            throw new IllegalArgumentException("office hours must be 0 <= start < end <= 24");
        }
        if (pagesPerWorkday < 0) {
            throw new IllegalArgumentException("pagesPerWorkday must not be negative");
        }
    }

    public int officeHours() {
        return officeEndHour - officeStartHour;
    }
}
