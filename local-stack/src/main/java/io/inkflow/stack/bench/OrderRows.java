package io.inkflow.stack.bench;

import io.inkflow.schemas.embedded.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The whole-chain benchmark's view of the dispatcher's {@code orders} table. */
final class OrderRows {
    /**
     * An order row: {@code ingested} is the dispatcher's clock just before its insert ({@code ingested_at}),
     * {@code committed} when the transaction that inserted it committed, so when the row became visible.
     */
    record Stored(Instant ingested, Instant committed) {
    }

    /**
     * A row per order, written by a trigger in the inserting transaction and never updated, so its {@code xmin}
     * names that transaction for good; the order row's own {@code xmin} changes with every later update of its
     * state. Benchmark only: the trigger is installed in the benchmark's database, not by the migrations.
     */
    private static final String INSTALL_COMMIT_LOG = """
            CREATE TABLE IF NOT EXISTS bench_order_inserts (order_id text PRIMARY KEY);
            CREATE OR REPLACE FUNCTION bench_note_order_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO bench_order_inserts (order_id) VALUES (NEW.order_id);
                RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS bench_order_inserts ON orders;
            CREATE TRIGGER bench_order_inserts AFTER INSERT ON orders
                FOR EACH ROW EXECUTE FUNCTION bench_note_order_insert();
            """;

    private OrderRows() {
    }

    /** Notes, from now on, which transaction inserted each order row (needs {@code track_commit_timestamp}). */
    static void noteInsertingTransactions(PostgresServer postgres) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(INSTALL_COMMIT_LOG);
        }
    }

    /**
     * Each order row stored since {@code since}, by the key of the report that made it. The commit time is null
     * for a row inserted before {@link #noteInsertingTransactions}.
     */
    static Map<String, Stored> since(PostgresServer postgres, Instant since) throws SQLException {
        Map<String, Stored> rows = new HashMap<>();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("""
                     SELECT o.serial, o.report_sequence, o.ingested_at, pg_xact_commit_timestamp(i.xmin)
                     FROM orders o LEFT JOIN bench_order_inserts i ON i.order_id = o.order_id
                     WHERE o.ingested_at >= ?""")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp committed = rs.getTimestamp(4);
                    rows.put(ChainReports.key(rs.getString(1), rs.getLong(2)), new Stored(
                            rs.getTimestamp(3).toInstant(), committed == null ? null : committed.toInstant()));
                }
            }
        }
        return rows;
    }

    static long count(PostgresServer postgres) throws SQLException {
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM orders");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
