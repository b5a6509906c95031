package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.order.OrderStateMachine;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Order rows: locking, state transitions (each with its order event row, the outbox of
 * {@code order.events.v1}) and the work leases that keep concurrent dispatchers on disjoint orders.
 */
public final class OrderStore {
    private final Consumer<OrderState> onTransition;

    /** @param onTransition told of every applied transition (metrics); called inside the transaction */
    public OrderStore(Consumer<OrderState> onTransition) {
        this.onTransition = onTransition;
    }

    /** Locks the order row until the transaction ends; empty when no such order. */
    public Optional<StoredOrder> lock(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + StoredOrder.COLUMNS + " FROM orders WHERE order_id = ? FOR UPDATE")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StoredOrder.read(rs)) : Optional.empty();
            }
        }
    }

    /** Reads the order without locking it (a read-only transaction costs no WAL flush). */
    public Optional<StoredOrder> find(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + StoredOrder.COLUMNS + " FROM orders WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StoredOrder.read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Claims up to {@code limit} orders that have work to do (PENDING or CHARGED, due, not parked, lease
     * free or expired) for {@code owner}. SKIP LOCKED lets concurrent claimers pass each other instead of
     * queueing, and the lease keeps the order with its owner between the steps' transactions.
     */
    public List<String> claim(Connection c, String owner, Instant now, Duration lease, int limit) throws SQLException {
        String sql = """
                UPDATE orders SET lease_owner = ?, lease_until = ?
                WHERE order_id IN (
                    SELECT order_id FROM orders
                    WHERE state IN ('PENDING', 'CHARGED') AND NOT parked AND next_attempt_at <= ?
                      AND (lease_until IS NULL OR lease_until < ?)
                    ORDER BY next_attempt_at
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING order_id""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setTimestamp(2, Timestamp.from(now.plus(lease)));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setInt(5, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Gives the order back: no lease, due again at {@code nextAttemptAt}. */
    public void release(Connection c, String orderId, String owner, Instant nextAttemptAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ?
                WHERE order_id = ? AND lease_owner = ?""")) {
            ps.setTimestamp(1, Timestamp.from(nextAttemptAt));
            ps.setString(2, orderId);
            ps.setString(3, owner);
            ps.executeUpdate();
        }
    }

    /**
     * Counts a transient failure and schedules the next try; after {@code maxFailures} the order is parked
     * for a person. Returns true when parked.
     */
    public boolean recordFailure(Connection c, String orderId, String owner, String detail, Instant nextAttemptAt,
                                 int maxFailures, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET failures = failures + 1, parked = (failures + 1 >= ?), detail = ?,
                       lease_owner = NULL, lease_until = NULL, next_attempt_at = ?, updated_at = ?
                WHERE order_id = ? AND lease_owner = ?
                RETURNING parked""")) {
            ps.setInt(1, maxFailures);
            ps.setString(2, detail);
            ps.setTimestamp(3, Timestamp.from(nextAttemptAt));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, orderId);
            ps.setString(6, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    public void setStockReserved(Connection c, String orderId, boolean reserved, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE orders SET stock_reserved = ?, updated_at = ? WHERE order_id = ?")) {
            ps.setBoolean(1, reserved);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, orderId);
            ps.executeUpdate();
        }
    }

    /**
     * Applies a transition to a row locked by this transaction: checks the rules, updates the row and
     * writes the order event (with a fresh event id consumers dedupe on).
     */
    public OrderState transition(Connection c, StoredOrder order, Transition transition, Instant now) throws SQLException {
        OrderState to = OrderStateMachine.apply(order.state(), transition);
        Long amount = null;
        String tracking = null;
        Date estimate = null;
        switch (transition) {
            case Transition.Charge charge -> amount = charge.amountCents();
            case Transition.Ship ship -> {
                tracking = ship.trackingNumber();
                estimate = Date.valueOf(ship.deliveryEstimate());
            }
            default -> {
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET state = ?, updated_at = ?, detail = ?, failures = 0,
                       amount_cents = COALESCE(?, amount_cents),
                       tracking_number = COALESCE(?, tracking_number),
                       delivery_estimate = COALESCE(?, delivery_estimate),
                       payment_failed_at = CASE WHEN ?::text = 'PAYMENT_FAILED' THEN ?::timestamptz ELSE NULL END,
                       payment_attempt = payment_attempt + CASE WHEN ? THEN 1 ELSE 0 END,
                       next_attempt_at = ?
                WHERE order_id = ?""")) {
            ps.setString(1, to.name());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, transition.detail());
            setLong(ps, 4, amount);
            ps.setString(5, tracking);
            ps.setDate(6, estimate);
            ps.setString(7, to.name());
            ps.setTimestamp(8, Timestamp.from(now));
            // a retried payment is a new attempt with a new idempotency key; the declined one stays declined
            ps.setBoolean(9, transition instanceof Transition.RetryPayment);
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setString(11, order.orderId());
            ps.executeUpdate();
        }
        insertEvent(c, UUID.randomUUID(), order.orderId(), order.state(), to, amount, tracking, transition.detail(), now);
        onTransition.accept(to);
        return to;
    }

    /** How many orders are in each state now (states without orders are absent). */
    public Map<OrderState, Long> countByState(Connection c) throws SQLException {
        Map<OrderState, Long> counts = new EnumMap<>(OrderState.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM orders GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(OrderState.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    /** Writes one order event row; published to Kafka later by the events relay. */
    public static void insertEvent(Connection c, UUID eventId, String orderId, OrderState from, OrderState to,
                                   Long amountCents, String trackingNumber, String detail, Instant occurredAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, amount_cents, tracking_number,
                                          detail, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, eventId);
            ps.setString(2, orderId);
            ps.setString(3, from == null ? null : from.name());
            ps.setString(4, to.name());
            setLong(ps, 5, amountCents);
            ps.setString(6, trackingNumber);
            ps.setString(7, detail);
            ps.setTimestamp(8, Timestamp.from(occurredAt));
            ps.executeUpdate();
        }
    }

    /** The creation events of many new orders in one statement (the ingest path). */
    public static void insertCreatedEvents(Connection c, List<String> orderIds, List<UUID> eventIds, String detail,
                                           Instant occurredAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, detail, occurred_at)
                SELECT e.event_id, e.order_id, NULL, 'PENDING', ?, ?
                FROM unnest(?::uuid[], ?::text[]) AS e(event_id, order_id)""")) {
            ps.setString(1, detail);
            ps.setTimestamp(2, Timestamp.from(occurredAt));
            ps.setArray(3, c.createArrayOf("uuid", eventIds.toArray()));
            ps.setArray(4, c.createArrayOf("text", orderIds.toArray()));
            ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
