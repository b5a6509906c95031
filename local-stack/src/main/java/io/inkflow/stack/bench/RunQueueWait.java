package io.inkflow.stack.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * its worst seconds, to set beside the slow commits and the p99 per 10 s. Each second counts the threads seen in
 * both of its samples only, by thread id: a thread born or ended within it, or missed by one listing of
 * {@code /proc/<pid>/task} while threads come and go, adds nothing, so the figures are at most low and a thread
 * missed once never shows its whole life's wait as one second's.
 */
final class RunQueueWait {
    private static final int WORST_SHOWN = 3;

    /** The run-queue wait of each live thread so far, by thread id, of each process, at {@code epochMillis}. */
    record Sample(long epochMillis, Map<String, Map<Long, Long>> waitingNanos) {
    }

    private RunQueueWait() {
    }

    /**
     * The named processes, each with its descendants ({@link ProcessCpu#trees}), and the benchmark's own JVM as
     * {@link ProcessCpu#HARNESS}.
     */
    static Sample sample(Map<String, List<ProcessHandle>> trees) {
        Map<String, Map<Long, Long>> waiting = new LinkedHashMap<>();
        trees.forEach((name, tree) -> {
            Map<Long, Long> threads = new HashMap<>();
            tree.forEach(process -> addThreads(process.pid(), threads));
            waiting.put(name, threads);
        });
        Map<Long, Long> harness = new HashMap<>();
        addThreads(ProcessHandle.current().pid(), harness);
        waiting.put(ProcessCpu.HARNESS, harness);
        return new Sample(System.currentTimeMillis(), waiting);
    }

    /** Adds the run-queue wait of every live thread of one process; none for a process that ended. */
    static void addThreads(long pid, Map<Long, Long> into) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    into.put(Long.parseLong(task.getFileName().toString()),
                            waitField(Files.readString(task.resolve("schedstat"))));
                } catch (IOException e) {
                    // the thread ended since the listing: it adds nothing to this sample
                }
            }
        } catch (IOException e) {
            // the process ended
        }
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
        Map<String, Double> waited = new LinkedHashMap<>();
        List<String> worst = new ArrayList<>();
        List<Map.Entry<Double, String>> seconds = new ArrayList<>();
        for (int i = 1; i < inside.size(); i++) {
            Map<String, Double> second = threads(inside.get(i - 1), inside.get(i));
            double length = (inside.get(i).epochMillis() - inside.get(i - 1).epochMillis()) / 1000.0;
            second.forEach((name, threads) -> waited.merge(name, threads * length, Double::sum));
            double all = second.values().stream().mapToDouble(Double::doubleValue).sum();
            String most = second.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).orElse("");
            seconds.add(Map.entry(all, String.format(Locale.ROOT, "%.1f in the second to +%.0f s (most: %s)", all,
                    (inside.get(i).epochMillis() - from.toEpochMilli()) / 1000.0, most)));
        }
        seconds.stream().sorted(Map.Entry.<Double, String>comparingByKey(Comparator.reverseOrder()))
                .limit(WORST_SHOWN).forEach(e -> worst.add(e.getValue()));
        double span = (inside.getLast().epochMillis() - inside.getFirst().epochMillis()) / 1000.0;
        Map<String, Double> average = new LinkedHashMap<>();
        waited.forEach((name, total) -> average.put(name, total / span));
        return head + ": " + average.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, ", all %.2f on average; the worst seconds: %s",
                average.values().stream().mapToDouble(Double::doubleValue).sum(), String.join(", ", worst));
    }

    /**
     * Per process in both samples: nanoseconds its threads waited per nanosecond between them, of the threads in
     * both.
     */
    private static Map<String, Double> threads(Sample from, Sample to) {
        double nanos = (to.epochMillis() - from.epochMillis()) * 1e6;
        Map<String, Double> out = new LinkedHashMap<>();
        to.waitingNanos().forEach((name, threads) -> {
            Map<Long, Long> before = from.waitingNanos().get(name);
            if (before != null) {
                long waited = 0;
                for (Map.Entry<Long, Long> thread : threads.entrySet()) {
                    Long then = before.get(thread.getKey());
                    if (then != null) {
                        waited += Math.max(0, thread.getValue() - then);
                    }
                }
                out.put(name, waited / nanos);
            }
        });
        return out;
    }
}
