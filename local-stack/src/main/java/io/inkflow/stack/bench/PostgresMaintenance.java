package io.inkflow.stack.bench;

import io.inkflow.schemas.embedded.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL's log says about a window of the chain ({@code logs/postgres.log}): its own work that can stall
 * commits (autovacuums, autoanalyzes, checkpoints), and the statements that took {@link #SLOW_MILLIS} or longer,
 * commits included, which says whether a slow store waited in a statement or in its commit. {@code PostgresServer}
 * logs every autovacuum and every statement over that time; PostgreSQL 17 logs checkpoints by default. Each is
 * printed with its time from the start of the fleet's publishing, to set beside the report-to-order p99 per 10 s;
 * an autovacuum or autoanalyze, logged when it ends, also with how long it ran and the CPU it took.
 */
final class PostgresMaintenance {
    /** {@code 2026-12-03 16:20:07.930 UTC [15175] LOG:  checkpoint starting: time}: the server logs in UTC. */
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) UTC \\[\\d+] LOG:\\s+(.*)$");
    private static final Pattern AUTOVACUUM = Pattern.compile("^automatic (vacuum|analyze) of table \"([^\"]+)\"");
    /** The last line of an autovacuum's or autoanalyze's entry, one of the tab-indented lines after its first. */
    private static final Pattern USAGE = Pattern.compile(
            "system usage: CPU: user: (\\d+\\.\\d+) s, system: (\\d+\\.\\d+) s, elapsed: (\\d+\\.\\d+) s");
    private static final Pattern CHECKPOINT = Pattern.compile("^checkpoint starting: (.*)$");
    /** {@code duration: 242.118 ms  execute S_3: COMMIT}, or {@code statement:} for the simple protocol. */
    private static final Pattern SLOW = Pattern.compile(
            "^duration: (\\d+(?:\\.\\d+)?) ms\\s+(?:statement|execute [^:]*): (.*)$");
    /** What {@code PostgresServer} sets {@code log_min_duration_statement} to. */
    static final int SLOW_MILLIS = 100;
    private static final int STATEMENT_SHOWN = 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private PostgresMaintenance() {
    }

    /**
     * Sets {@code autovacuum_vacuum_cost_delay} for the running server (ALTER SYSTEM, then a reload, which the
     * autovacuum workers pick up) and returns what the server then reports, so the run prints the setting it had.
     */
    static String setAutovacuumDelay(PostgresServer postgres, Duration delay) throws SQLException, InterruptedException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            String wanted = String.valueOf(delay.toMillis());
            s.execute("ALTER SYSTEM SET autovacuum_vacuum_cost_delay = '" + wanted + "ms'");
            s.execute("SELECT pg_reload_conf()");
            // the reload is a signal to the postmaster; this backend sees the new value once it has been handled
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String shown = shownAutovacuumDelay(s);
            while (!shown.equals(wanted) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                shown = shownAutovacuumDelay(s);
            }
            return shown + " ms";
        }
    }

    /** The setting in its unit, milliseconds ({@code SHOW} says "2ms", but "0" for none). */
    private static String shownAutovacuumDelay(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "SELECT setting FROM pg_settings WHERE name = 'autovacuum_vacuum_cost_delay'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * An autovacuum's or autoanalyze's entry is logged when it ends, its CPU and elapsed time on a continuation line:
     * " (ended; 0.40 s elapsed, 0.31 s CPU)", or "" when the entry has none.
     */
    private static String usage(List<String> lines, int index) {
        for (int i = index + 1; i < lines.size() && lines.get(i).startsWith("\t"); i++) {
            Matcher usage = USAGE.matcher(lines.get(i));
            if (usage.find()) {
                double cpu = Double.parseDouble(usage.group(1)) + Double.parseDouble(usage.group(2));
                return String.format(Locale.ROOT, " (ended; %s s elapsed, %.2f s CPU)", usage.group(3), cpu);
            }
        }
        return "";
    }

    /** One line: what ran from {@code from} to {@code to}, each at its seconds after {@code from}, or "none". */
    static String within(Path log, Instant from, Instant to, String what) {
        List<String> events = new ArrayList<>();
        if (Files.isRegularFile(log)) {
            try {
                List<String> lines = Files.readAllLines(log);
                for (int i = 0; i < lines.size(); i++) {
                    event(lines, i, from, to).ifPresent(events::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "PostgreSQL maintenance and slow statements " + what + ": "
                + (events.isEmpty() ? "none" : String.join(", ", events));
    }

    private static Optional<String> event(List<String> lines, int index, Instant from, Instant to) {
        Matcher m = LINE.matcher(lines.get(index));
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant at = LocalDateTime.parse(m.group(1), TIME).toInstant(ZoneOffset.UTC);
        if (at.isBefore(from) || at.isAfter(to)) {
            return Optional.empty();
        }
        String offset = String.format(Locale.ROOT, " at +%.1f s", Duration.between(from, at).toMillis() / 1000.0);
        Matcher vacuum = AUTOVACUUM.matcher(m.group(2));
        if (vacuum.find()) {
            String table = vacuum.group(2).substring(vacuum.group(2).lastIndexOf('.') + 1);
            return Optional.of(vacuum.group(1) + " " + table + offset + usage(lines, index));
        }
        Matcher checkpoint = CHECKPOINT.matcher(m.group(2));
        if (checkpoint.find()) {
            return Optional.of("checkpoint (" + checkpoint.group(1) + ")" + offset);
        }
        Matcher slow = SLOW.matcher(m.group(2));
        if (slow.find()) {
            String statement = slow.group(2).replaceAll("\\s+", " ").strip();
            if (statement.length() > STATEMENT_SHOWN) {
                statement = statement.substring(0, STATEMENT_SHOWN) + "…";
            }
            return Optional.of(String.format(Locale.ROOT, "%.0f ms in %s%s", Double.parseDouble(slow.group(1)),
                    statement, offset));
        }
        return Optional.empty();
    }
}
