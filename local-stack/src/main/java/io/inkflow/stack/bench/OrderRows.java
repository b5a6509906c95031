package io.inkflow.stack.bench;

import io.inkflow.schemas.embedded.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private OrderRows() {
    }

    /**
     * Each order row stored since {@code since}, by the key of the report that made it. The commit is read from
     * the order's creation event: the dispatcher inserts it in the order's own transaction and never updates it,
     * so its {@code xmin} names that transaction for good, where the order row's own {@code xmin} changes with
     * every later update of its state. The commit time is null for an order without a creation event.
     */
    static Map<String, Stored> since(PostgresServer postgres, Instant since) throws SQLException {
        Map<String, Stored> rows = new HashMap<>();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("""
                     SELECT o.serial, o.report_sequence, o.ingested_at, pg_xact_commit_timestamp(e.xmin)
                     FROM orders o
                     LEFT JOIN order_events e ON e.order_id = o.order_id AND e.from_state IS NULL
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

    /**
     * Orders the dispatcher fulfilled in {@code [from, to)}: shipped, or forwarded to the partner channel that ships
     * them itself (the Amazon channel's orders), by their events.
     */
    static long fulfilledBetween(PostgresServer postgres, Instant from, Instant to) throws SQLException {
        return count(postgres, """
                SELECT count(*) FROM order_events
                WHERE to_state IN ('SHIPPED', 'FORWARDED') AND occurred_at >= ? AND occurred_at < ?""", from, to);
    }

    /** Orders stored and not yet fulfilled: still {@code PENDING} or {@code CHARGED}. */
    static long awaitingFulfilment(PostgresServer postgres) throws SQLException {
        return count(postgres, "SELECT count(*) FROM orders WHERE state IN ('PENDING', 'CHARGED')");
    }

    static long count(PostgresServer postgres) throws SQLException {
        return count(postgres, "SELECT count(*) FROM orders");
    }

    /** The single number a {@code count(*)} query returns, its parameters the instants {@code at}, in order. */
    private static long count(PostgresServer postgres, String sql, Instant... at) throws SQLException {
        try (Connection c = postgres.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < at.length; i++) {
                s.setTimestamp(i + 1, Timestamp.from(at[i]));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
