package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.schemas.OrderState;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Rows the API tests start from, written with SQL as the dispatcher's own steps would have left them. */
public final class TestRows {
    private static final AtomicLong OFFSETS = new AtomicLong();

    private TestRows() {
    }

    /** An order of a PIXMA TS8320 black slot in the given state; SHIPPED ones carry an amount and tracking. */
    public static void order(TestDatabase db, String orderId, String serial, String accountId, String sku,
                             OrderState state, Instant createdAt) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO orders (order_id, serial, model, enrollment_id, account_id, channel, slot, sku,
                    depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence, state,
                    amount_cents, tracking_number, next_attempt_at, created_at, ingested_at, updated_at)
                VALUES (?, ?, 'pixma-ts8320', 'enr-1', ?, 'CANON', 'BK', ?, 1, 'THRESHOLD', 10, 12, 7, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            insert.setString(1, orderId);
            insert.setString(2, serial);
            insert.setString(3, accountId);
            insert.setString(4, sku);
            insert.setString(5, state.name());
            boolean shipped = state == OrderState.SHIPPED;
            insert.setObject(6, shipped ? 1799L : null);
            insert.setString(7, shipped ? "TRK-" + orderId : null);
            for (int i = 8; i <= 11; i++) {
                insert.setTimestamp(i, Timestamp.from(createdAt));
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot insert order " + orderId, e);
        }
    }

    /** Parks the order as the fulfilment worker would. */
    static void park(TestDatabase db, String orderId, String reason) {
        db.execute("UPDATE orders SET parked = true, park_reason = '" + reason + "', detail = 'parked by the test'"
                + " WHERE order_id = '" + orderId + "'");
    }

    /** A dead letter of the orders topic holding {@code value}; returns its id. */
    static long deadLetter(TestDatabase db, String topic, String value, String reason) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO dead_letters (topic, partition, record_offset, record_key, record_value, reason, detail,
                                          status, created_at, updated_at)
                VALUES (?, 0, ?, ?, ?, ?, 'set aside by the test', 'OPEN', now(), now()) RETURNING id""")) {
            insert.setString(1, topic);
            insert.setLong(2, OFFSETS.incrementAndGet());
            insert.setBytes(3, "KMDEAD-1".getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, value.getBytes(StandardCharsets.UTF_8));
            insert.setString(5, reason);
            try (var rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot insert a dead letter", e);
        }
    }
}
