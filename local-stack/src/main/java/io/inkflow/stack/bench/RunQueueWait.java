package io.inkflow.stack.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How long the chain's threads were ready to run and had no core: per process, the run-queue wait of all its
 * threads ({@code /proc/<pid>/task/<tid>/schedstat}, second field, nanoseconds), PostgreSQL's backends counted to
 * the postmaster as in {@link ProcessCpu}. Divided by the time between two samples it is the number of that
 * process's threads waiting for a core, on average. On two cores shared by the broker, PostgreSQL, three services
 * and the load generator, a commit or a poll that takes 100 ms with nothing slow in its own work may have waited
 * here. Sampled once a second with the processes' CPU; each step prints the averages while the fleet published and
 * its worst seconds, to set beside the slow commits and the p99 per 10 s. A thread that ended between two samples
 * takes its wait with it, so the figures are at most low.
 */
final class RunQueueWait {
    private static final int WORST_SHOWN = 3;

    /** The run-queue wait of each process's live threads so far, at {@code epochMillis}. */
    record Sample(long epochMillis, Map<String, Long> waitingNanos) {
    }

    private RunQueueWait() {
    }

    /** The named processes (with their descendants) and the benchmark's own JVM as {@link ProcessCpu#HARNESS}. */
    static Sample sample(Map<String, Long> pids) {
        Map<String, Long> waiting = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(p -> waiting.put(name,
                p.descendants().mapToLong(d -> waitingNanos(d.pid())).sum() + waitingNanos(pid))));
        waiting.put(ProcessCpu.HARNESS, waitingNanos(ProcessHandle.current().pid()));
        return new Sample(System.currentTimeMillis(), waiting);
    }

    /** The run-queue wait of every live thread of one process; 0 for a process that ended or cannot be read. */
    static long waitingNanos(long pid) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    sum += waitField(Files.readString(task.resolve("schedstat")));
                } catch (IOException e) {
                    // the thread ended since the listing: its wait is gone with it
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** {@code <on-cpu ns> <run-queue wait ns> <timeslices>}: the second field. */
    static long waitField(String schedstat) {
        String[] f = schedstat.trim().split("\\s+");
        if (f.length < 2) {
            throw new IllegalArgumentException("Not a thread's schedstat: '" + schedstat.strip() + "'");
        }
        return Long.parseLong(f[1]);
    }

    /**
     * One line: per process, its threads waiting for a core on average from the first sample at or after
     * {@code from} to the last at or before {@code to}; then the seconds in which all together waited most, each at
     * its end's seconds after {@code from}, with the process that waited most in it.
     */
    static String within(List<Sample> samples, Instant from, Instant to, String what) {
        List<Sample> inside = samples.stream().filter(s -> s.epochMillis() >= from.toEpochMilli()
                && s.epochMillis() <= to.toEpochMilli()).toList();
        String head = "threads waiting for a core " + what + " (run-queue wait from /proc/<pid>/task/*/schedstat)";
        if (inside.size() < 2) {
            return head + ": fewer than two samples, not measured";
        }
        Map<String, Double> average = threads(inside.getFirst(), inside.getLast());
        List<String> worst = new ArrayList<>();
        List<Map.Entry<Double, String>> seconds = new ArrayList<>();
        for (int i = 1; i < inside.size(); i++) {
            Map<String, Double> second = threads(inside.get(i - 1), inside.get(i));
            double all = second.values().stream().mapToDouble(Double::doubleValue).sum();
            String most = second.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).orElse("");
            seconds.add(Map.entry(all, String.format(Locale.ROOT, "%.1f in the second to +%.0f s (most: %s)", all,
                    (inside.get(i).epochMillis() - from.toEpochMilli()) / 1000.0, most)));
        }
        seconds.stream().sorted(Map.Entry.<Double, String>comparingByKey(Comparator.reverseOrder()))
                .limit(WORST_SHOWN).forEach(e -> worst.add(e.getValue()));
        return head + ": " + average.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, ", all %.2f on average; the worst seconds: %s",
                average.values().stream().mapToDouble(Double::doubleValue).sum(), String.join(", ", worst));
    }

    /** Per process in both samples: nanoseconds waited per nanosecond between them. */
    private static Map<String, Double> threads(Sample from, Sample to) {
        double nanos = (to.epochMillis() - from.epochMillis()) * 1e6;
        Map<String, Double> out = new LinkedHashMap<>();
        to.waitingNanos().forEach((name, waited) -> {
            Long before = from.waitingNanos().get(name);
            if (before != null) {
                out.put(name, Math.max(0, waited - before) / nanos);
            }
        });
        return out;
    }
}
