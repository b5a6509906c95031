package io.inkflow.schemas.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How busy the machine is: the 1, 5 and 15-minute load averages and the core count. Every benchmark prints
 * it before and after its run; a run that started with a 1-minute load above the core count shared the
 * cores with something else, so its figures are not a result.
 */
public record MachineLoad(double one, double five, double fifteen, int cores) {
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    /** Now, from {@code /proc/loadavg}, or the JVM's 1-minute figure where that file does not exist. */
    public static MachineLoad now() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return parse(Files.readString(LOADAVG), cores);
        } catch (IOException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new MachineLoad(one, Double.NaN, Double.NaN, cores);
        }
    }

    /** Reads the first three fields of a {@code /proc/loadavg} line. */
    static MachineLoad parse(String loadavg, int cores) {
        String[] fields = loadavg.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("Not a load average line: '" + loadavg.trim() + "'");
        }
        return new MachineLoad(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]), cores);
    }

    /**
     * Waits up to {@code atMost} for the 1-minute load to fall to {@code limit} or below (a build that just
     * finished still weighs on it), checking every few seconds; returns the load it stopped at.
     */
    public static MachineLoad awaitAtMost(double limit, Duration atMost) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        MachineLoad load = now();
        while (load.one() > limit && Instant.now().isBefore(deadline)) {
            Thread.sleep(5_000);
            load = now();
        }
        return load;
    }

    /** More runnable work than cores: whatever ran beside the benchmark took part of the machine. */
    public boolean busy() {
        return one > cores;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f (%d cores)", one, five, fifteen, cores);
    }
}
