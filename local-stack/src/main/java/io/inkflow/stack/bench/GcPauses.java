package io.inkflow.stack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collector's stop-the-world pauses of each service process, from the {@code -Xlog:gc} file the stack gives
 * it ({@code logs/<service>-gc.log}): a pause stops every thread of a hop at once, so the longest ones say how
 * much of a latency tail the collector can explain.
 */
final class GcPauses {
    /** HotSpot's unified logging: {@code [12.345s][info][gc] GC(7) Pause Young (Normal) ... 100M->20M(1024M) 5.123ms}. */
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.* (\\d+(?:\\.\\d+)?)ms\\s*$");
    /** The {@code time} decoration the stack asks for ({@code -Xlog:gc:file:time,uptime}). */
    private static final Pattern WALL_CLOCK = Pattern.compile("\\[(\\d{4}-\\d{2}-\\d{2}T[^\\]]+)]");
    private static final DateTimeFormatter WALL_CLOCK_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final double LONG_MILLIS = 50;

    private GcPauses() {
    }

    /** One line per service log in {@code logsDir}, sorted by name: every pause of the run. */
    static List<String> summarize(Path logsDir) {
        return summarize(logsDir, "", at -> true);
    }

    /**
     * One line per service log in {@code logsDir}, sorted by name: the pauses that ended from {@code from} to
     * {@code to}, by the wall-clock time each line is decorated with (a line without one is left out).
     */
    static List<String> summarizeWithin(Path logsDir, Instant from, Instant to, String what) {
        return summarize(logsDir, " " + what, at -> at != null && !at.isBefore(from) && !at.isAfter(to));
    }

    private static List<String> summarize(Path logsDir, String what, Predicate<Instant> counted) {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(logsDir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(logsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-gc.log")).sorted().toList()) {
                lines.add(summary(file, what, counted));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static String summary(Path file, String what, Predicate<Instant> counted) throws IOException {
        int count = 0;
        int longOnes = 0;
        double longest = 0;
        double total = 0;
        for (String line : Files.readAllLines(file)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find() && counted.test(wallClock(line))) {
                double millis = Double.parseDouble(m.group(1));
                count++;
                total += millis;
                longest = Math.max(longest, millis);
                longOnes += millis > LONG_MILLIS ? 1 : 0;
            }
        }
        String service = file.getFileName().toString().replace("-gc.log", "");
        return String.format(Locale.ROOT, "collector pauses%s, %s: %d pauses, longest %.1f ms, %d over %.0f ms, "
                + "%.2f s in total", what, service, count, longest, longOnes, LONG_MILLIS, total / 1000);
    }

    /** The line's {@code time} decoration ({@code [2026-12-02T05:40:41.123+0000]}), or null without one. */
    private static Instant wallClock(String line) {
        Matcher m = WALL_CLOCK.matcher(line);
        return m.lookingAt() ? OffsetDateTime.parse(m.group(1), WALL_CLOCK_FORMAT).toInstant() : null;
    }
}
