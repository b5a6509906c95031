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
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * What PostgreSQL did for the chain between two moments, per order stored: the transactions it committed, the
 * WAL it wrote (and how many full-page images were in it), the rows each table had inserted, updated (and of
 * those, how many were HOT updates, which write no index entry) and deleted, and the statements that took most
 * of its time ({@code pg_stat_statements}). PostgreSQL is the chain's largest consumer of CPU once the machine
 * is full; this says what the dispatcher asks of it per order.
 *
 * <p>Execution time is the backends' time inside each statement (its CPU and its waits), not the commits' WAL
 * flushes, which is why the commits are counted apart. The statements are everybody's: the services', and the
 * benchmark's own polling of the {@code orders} table, shown like any other.
 */
final class PostgresWork {
    /** Statements shown per step, most execution time first. */
    static final int SHOWN = 8;
    /** Tables shown per step, most rows written first. */
    static final int TABLES_SHOWN = 6;
    private static final int QUERY_SHOWN = 110;

    /** One normalised statement's totals since the server started (or since the extension was created). */
    record Query(String text, long calls, double execMillis, long rows) {
        Query minus(Query earlier) {
            return new Query(text, calls - earlier.calls, execMillis - earlier.execMillis, rows - earlier.rows);
        }
    }

    /** One table's row changes since the server started ({@code pg_stat_user_tables}). */
    record TableRows(String table, long inserted, long updated, long hotUpdated, long deleted) {
        TableRows minus(TableRows earlier) {
            return new TableRows(table, inserted - earlier.inserted, updated - earlier.updated,
                    hotUpdated - earlier.hotUpdated, deleted - earlier.deleted);
        }

        long written() {
            return inserted + updated + deleted;
        }
    }

    /**
     * The server's totals at one moment: commits, WAL bytes and full-page images of the whole server, row changes
     * by table, statements by query id.
     */
    record Snapshot(long commits, long walBytes, long fullPageImages, Map<String, TableRows> tables,
                    Map<String, Query> statements) {
    }

    /**
     * Per order: the whole's figures between two snapshots divided by the orders stored meanwhile; the tables and
     * statements as totals, divided when printed.
     */
    record PerOrder(long orders, double commits, double walBytes, double fullPageImages, double execMillis,
                    List<TableRows> tables, List<Query> top) {
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
            long fullPageImages = single(s, "SELECT wal_fpi FROM pg_stat_wal");
            Map<String, TableRows> tables = new HashMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables""")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new TableRows(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5)));
                }
            }
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
            return new Snapshot(commits, walBytes, fullPageImages, tables, statements);
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
        List<Query> done = changes(before.statements(), after.statements(), Query::minus, q -> q.calls() > 0);
        List<TableRows> tables = changes(before.tables(), after.tables(), TableRows::minus, t -> t.written() > 0);
        double divisor = Math.max(1, orders);
        double execMillis = done.stream().mapToDouble(Query::execMillis).sum();
        List<Query> top = done.stream().sorted(Comparator.comparingDouble(Query::execMillis).reversed())
                .limit(SHOWN).toList();
        List<TableRows> mostWritten = tables.stream()
                .sorted(Comparator.comparingLong(TableRows::written).reversed().thenComparing(TableRows::table))
                .limit(TABLES_SHOWN).toList();
        return new PerOrder(orders, (after.commits() - before.commits()) / divisor,
                (after.walBytes() - before.walBytes()) / divisor,
                (after.fullPageImages() - before.fullPageImages()) / divisor, execMillis / divisor, mostWritten, top);
    }

    /** Each total of {@code after} less its value in {@code before} (none there: all of it), where it changed. */
    private static <T> List<T> changes(Map<String, T> before, Map<String, T> after, BinaryOperator<T> minus,
                                       Predicate<T> changed) {
        List<T> out = new ArrayList<>();
        after.forEach((key, total) -> {
            T earlier = before.get(key);
            T delta = earlier == null ? total : minus.apply(total, earlier);
            if (changed.test(delta)) {
                out.add(delta);
            }
        });
        return out;
    }

    /**
     * A line for the whole, one for the rows of the most written tables, then one per statement of
     * {@link PerOrder#top}: calls and milliseconds per order.
     */
    static List<String> lines(int offeredRate, PerOrder work) {
        List<String> lines = new ArrayList<>();
        double divisor = Math.max(1, work.orders());
        lines.add(String.format(Locale.ROOT, "PostgreSQL per order at %d/s (%,d orders): %.1f commits, "
                        + "%.1f KiB of WAL (%.1f full-page images), %.2f ms in statements", offeredRate,
                work.orders(), work.commits(), work.walBytes() / 1024, work.fullPageImages(), work.execMillis()));
        List<String> tables = new ArrayList<>();
        for (TableRows t : work.tables()) {
            tables.add(String.format(Locale.ROOT, "%s %.1f ins, %.1f upd (%.1f HOT), %.1f del", t.table(),
                    t.inserted() / divisor, t.updated() / divisor, t.hotUpdated() / divisor, t.deleted() / divisor));
        }
        lines.add("  rows per order: " + (tables.isEmpty() ? "none" : String.join("; ", tables)));
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
