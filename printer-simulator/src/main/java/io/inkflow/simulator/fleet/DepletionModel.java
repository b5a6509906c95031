package io.inkflow.simulator.fleet;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Pure usage maths. Pages printed in a given hour and offline periods are functions of (seed,
 * serial, hour) only, so the level of every cartridge at any simulated instant is reproducible no
 * matter how often, or on which thread, the printer is sampled.
 */
public final class DepletionModel {
    private static final long HOUR = 3600;

    private DepletionModel() {
    }

    public static long hourIndex(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), HOUR);
    }

    public static Instant hourStart(long hourIndex) {
        return Instant.ofEpochSecond(hourIndex * HOUR);
    }

    /** Mean pages printed in the given UTC hour by a printer with this profile. */
    public static double meanPagesInHour(UsageProfile profile, long hourIndex) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(hourIndex * HOUR, 0, ZoneOffset.ofHours(profile.utcOffsetHours()));
        int hour = local.getHour();
        if (hour < profile.officeStartHour() || hour >= profile.officeEndHour()) {
            return 0;
        }
        DayOfWeek day = local.getDayOfWeek();
        double dayFactor = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? profile.weekendFactor() : 1.0;
        return profile.pagesPerWorkday() * dayFactor / profile.officeHours();
    }

    /** Pages actually printed in the hour: a Poisson draw around the mean, zero while offline. */
    public static int pagesInHour(long seed, String serial, UsageProfile profile, long hourIndex) {
        double mean = meanPagesInHour(profile, hourIndex);
        if (mean <= 0 || offline(seed, serial, profile, hourIndex)) {
            return 0;
        }
        return poisson(Seeds.stream(seed, "pages/" + serial, hourIndex), mean);
    }

    /**
     * Whether the printer is switched off in this hour. Each day, with probability
     * {@code offlinePerDay}, it is off for 1 to 8 hours from a random hour of that day.
     */
    public static boolean offline(long seed, String serial, UsageProfile profile, long hourIndex) {
        if (profile.offlinePerDay() <= 0) {
            return false;
        }
        long day = Math.floorDiv(hourIndex, 24);
        SplittableRandom random = Seeds.stream(seed, "offline/" + serial, day);
        if (random.nextDouble() >= profile.offlinePerDay()) {
            return false;
        }
        int start = random.nextInt(24);
        int length = 1 + random.nextInt(8);
        long hourOfDay = hourIndex - day * 24;
        return hourOfDay >= start && hourOfDay < start + length;
    }

    /** Whether the printer reboots at the start of this hour (independent of being offline). */
    public static boolean rebootAt(long seed, String serial, UsageProfile profile, long hourIndex) {
        return profile.rebootsPerDay() > 0
                && Seeds.stream(seed, "reboot/" + serial, hourIndex).nextDouble() < profile.rebootsPerDay() / 24.0;
    }

    /** The level shown to the outside: whole percent, rounded down, within 0..100. */
    public static int reportedPercent(double level) {
        return (int) Math.max(0, Math.min(100, Math.floor(level)));
    }

    static int poisson(SplittableRandom random, double mean) {
        if (mean > 30) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            double normal = Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
