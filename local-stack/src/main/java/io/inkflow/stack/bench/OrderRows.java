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
    private OrderRows() {
    }

    /** When each order row stored since {@code since} was ingested, by the key of the report that made it. */
    static Map<String, Instant> since(PostgresServer postgres, Instant since) throws SQLException {
        Map<String, Instant> rows = new HashMap<>();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT serial, report_sequence, ingested_at FROM orders WHERE ingested_at >= ?")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(ChainReports.key(rs.getString(1), rs.getLong(2)), rs.getTimestamp(3).toInstant());
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
