package io.inkflow.stack.bench;

import io.inkflow.schemas.embedded.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What PostgreSQL did for the chain between two moments, per order stored: the transactions it committed, the
 * WAL it wrote, and the statements that took most of its time ({@code pg_stat_statements}). PostgreSQL is the
 * chain's largest consumer of CPU once the machine is full; this says what the dispatcher asks of it per order.
 *
 * <p>Execution time is the backends' time inside each statement (its CPU and its waits), not the commits' WAL
 * flushes, which is why the commits are counted apart. The statements are everybody's: the services', and the
 * benchmark's own polling of the {@code orders} table, shown like any other.
 */
final class PostgresWork {
    /** Statements shown per step, most execution time first. */
    static final int SHOWN = 8;
    private static final int QUERY_SHOWN = 110;

    /** One normalised statement's totals since the server started (or since the extension was created). */
    record Query(String text, long calls, double execMillis, long rows) {
        Query minus(Query earlier) {
            return new Query(text, calls - earlier.calls, execMillis - earlier.execMillis, rows - earlier.rows);
        }
    }

    /** The server's totals at one moment: commits and WAL bytes of the whole server, statements by query id. */
    record Snapshot(long commits, long walBytes, Map<String, Query> statements) {
    }

    /** Per order: the work between two snapshots divided by the orders stored meanwhile. */
    record PerOrder(long orders, double commits, double walBytes, double execMillis, List<Query> top) {
    }

    private PostgresWork() {
    }

    /** Creates {@code pg_stat_statements} (the server preloads its library) if it is not there yet. */
    static void enable(PostgresServer postgres) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    static Snapshot take(PostgresServer postgres) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            long commits = single(s, "SELECT sum(xact_commit) FROM pg_stat_database");
            long walBytes = single(s, "SELECT wal_bytes FROM pg_stat_wal");
            Map<String, Query> statements = new HashMap<>();
            // one row per (user, database, query id, top level); summed by query id, as all are the same user
            try (ResultSet rs = s.executeQuery("""
                    SELECT queryid, min(query), sum(calls), sum(total_exec_time), sum(rows)
                    FROM pg_stat_statements WHERE queryid IS NOT NULL GROUP BY queryid""")) {
                while (rs.next()) {
                    statements.put(rs.getString(1), new Query(rs.getString(2), rs.getLong(3), rs.getDouble(4),
                            rs.getLong(5)));
                }
            }
            return new Snapshot(commits, walBytes, statements);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The work between {@code before} and {@code after}, per one of the {@code orders} stored meanwhile. */
    static PerOrder between(Snapshot before, Snapshot after, long orders) {
        List<Query> done = new ArrayList<>();
        after.statements().forEach((id, total) -> {
            Query earlier = before.statements().get(id);
            Query delta = earlier == null ? total : total.minus(earlier);
            if (delta.calls() > 0) {
                done.add(delta);
            }
        });
        double divisor = Math.max(1, orders);
        double execMillis = done.stream().mapToDouble(Query::execMillis).sum();
        List<Query> top = done.stream().sorted(Comparator.comparingDouble(Query::execMillis).reversed())
                .limit(SHOWN).toList();
        return new PerOrder(orders, (after.commits() - before.commits()) / divisor,
                (after.walBytes() - before.walBytes()) / divisor, execMillis / divisor, top);
    }

    /** A line for the whole, then one per statement of {@link PerOrder#top}: calls and milliseconds per order. */
    static List<String> lines(int offeredRate, PerOrder work) {
        List<String> lines = new ArrayList<>();
        double divisor = Math.max(1, work.orders());
        lines.add(String.format(Locale.ROOT, "PostgreSQL per order at %d/s (%,d orders): %.1f commits, "
                        + "%.1f KiB of WAL, %.2f ms in statements", offeredRate, work.orders(), work.commits(),
                work.walBytes() / 1024, work.execMillis()));
        for (Query q : work.top()) {
            lines.add(String.format(Locale.ROOT, "  %.2f ms, %.2f calls, %.1f rows per order: %s",
                    q.execMillis() / divisor, q.calls() / divisor, q.rows() / divisor, oneLine(q.text())));
        }
        return lines;
    }

    private static String oneLine(String query) {
        String flat = query.replaceAll("\\s+", " ").strip();
        return flat.length() <= QUERY_SHOWN ? flat : flat.substring(0, QUERY_SHOWN) + "…";
    }
}
