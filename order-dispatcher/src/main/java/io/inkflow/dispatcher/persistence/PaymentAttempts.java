package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.payment.PaymentProvider.Line;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Payment intents and their outcomes ({@code payment_attempts}), one row per order and attempt. The orders of
 * an order group charged together share one idempotency key: one provider request, a row per order with its
 * own amount.
 */
public final class PaymentAttempts {

    /** Where an attempt stands. */
    public enum Status { REQUESTED, CAPTURED, DECLINED }

    public record Attempt(String orderId, int attempt, String idempotencyKey, long amountCents, String paymentToken,
                          Status status) {
    }

    /** The answer to record for one attempt. */
    public record Completion(String orderId, int attempt, Status status, String providerReference,
                             String declineReason) {
    }

    /** The idempotency key of an order's charge attempt: stable across crashes and instances. */
    public static String key(String orderId, int attempt) {
        return "inkflow-charge-" + orderId + "-" + attempt;
    }

    /**
     * The idempotency key of one charge for several orders of an order group: derived from the group and
     * each member's order id and attempt, so the same members at the same attempts always make the same
     * request, and any other set a new one.
     */
    public static String groupKey(String groupId, Map<String, Integer> attemptByOrder) {
        return GROUP_KEY_PREFIX + groupId + "-" + IdempotencyKeys.members(attemptByOrder);
    }

    /** True for a key made by {@link #groupKey}: several orders share the charge. */
    public static boolean isGroupKey(String idempotencyKey) {
        return idempotencyKey.startsWith(GROUP_KEY_PREFIX);
    }

    private static final String GROUP_KEY_PREFIX = "inkflow-charge-group-";

    /** A new intent (not yet stored) for {@link #insertIntents}. */
    public static Attempt intent(String orderId, int attempt, long amountCents, String paymentToken) {
        return intent(orderId, attempt, key(orderId, attempt), amountCents, paymentToken);
    }

    /** A new intent under a given key (a group's, shared with the other members). */
    public static Attempt intent(String orderId, int attempt, String idempotencyKey, long amountCents,
                                 String paymentToken) {
        return new Attempt(orderId, attempt, idempotencyKey, amountCents, paymentToken, Status.REQUESTED);
    }

    /**
     * Every order charged under each of these keys, with its SKU and amount, in order id order: the lines of a
     * group's charge, whichever of its orders this instance holds now.
     */
    public Map<String, List<Line>> linesByKey(Connection c, Collection<String> keys) throws SQLException {
        Map<String, List<Line>> lines = new HashMap<>();
        if (keys.isEmpty()) {
            return lines;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.idempotency_key, p.order_id, o.sku, p.amount_cents FROM payment_attempts p
                JOIN orders o ON o.order_id = p.order_id
                WHERE p.idempotency_key = ANY (?) ORDER BY p.idempotency_key, p.order_id""")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Line(rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return lines;
    }

    /** The stored attempts of the given orders, each at the attempt number given (order id to attempt). */
    public Map<String, Attempt> findAll(Connection c, Map<String, Integer> attemptByOrder) throws SQLException {
        Map<String, Attempt> found = new HashMap<>();
        if (attemptByOrder.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.order_id, p.attempt, p.idempotency_key, p.amount_cents, p.payment_token, p.status
                FROM payment_attempts p
                JOIN unnest(?::text[], ?::int[]) AS u(order_id, attempt)
                  ON p.order_id = u.order_id AND p.attempt = u.attempt""")) {
            ps.setArray(1, c.createArrayOf("text", attemptByOrder.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("int4", attemptByOrder.values().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new Attempt(rs.getString(1), rs.getInt(2), rs.getString(3),
                            rs.getLong(4), rs.getString(5), Status.valueOf(rs.getString(6))));
                }
            }
        }
        return found;
    }

    /** Records the intents to charge BEFORE the provider is called. */
    public void insertIntents(Connection c, List<Attempt> intents, Instant now) throws SQLException {
        if (intents.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO payment_attempts (order_id, attempt, idempotency_key, amount_cents, payment_token, status,
                                              requested_at)
                SELECT u.order_id, u.attempt, u.idempotency_key, u.amount_cents, u.payment_token, 'REQUESTED', ?
                FROM unnest(?::text[], ?::int[], ?::text[], ?::bigint[], ?::text[])
                     AS u(order_id, attempt, idempotency_key, amount_cents, payment_token)""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("text", intents.stream().map(Attempt::orderId).toArray()));
            ps.setArray(3, c.createArrayOf("int4", intents.stream().map(Attempt::attempt).toArray()));
            ps.setArray(4, c.createArrayOf("text", intents.stream().map(Attempt::idempotencyKey).toArray()));
            ps.setArray(5, c.createArrayOf("int8", intents.stream().map(Attempt::amountCents).toArray()));
            ps.setArray(6, c.createArrayOf("text", intents.stream().map(Attempt::paymentToken).toArray()));
            ps.executeUpdate();
        }
    }

    public void completeAll(Connection c, Collection<Completion> completions, Instant now) throws SQLException {
        if (completions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE payment_attempts p SET status = u.status, provider_reference = u.reference,
                       decline_reason = u.reason, completed_at = ?
                FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[])
                     AS u(order_id, attempt, status, reference, reason)
                WHERE p.order_id = u.order_id AND p.attempt = u.attempt""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("text", completions.stream().map(Completion::orderId).toArray()));
            ps.setArray(3, c.createArrayOf("int4", completions.stream().map(Completion::attempt).toArray()));
            ps.setArray(4, c.createArrayOf("text", completions.stream().map(x -> x.status().name()).toArray()));
            ps.setArray(5, c.createArrayOf("text", completions.stream().map(Completion::providerReference).toArray()));
            ps.setArray(6, c.createArrayOf("text", completions.stream().map(Completion::declineReason).toArray()));
            ps.executeUpdate();
        }
    }

    /** True while a charge of this order may be under way at the provider (cancelling then is unsafe). */
    public boolean inFlight(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM payment_attempts WHERE order_id = ? AND status = 'REQUESTED'")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
