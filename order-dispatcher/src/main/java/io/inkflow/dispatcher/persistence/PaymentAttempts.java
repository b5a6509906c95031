package io.inkflow.dispatcher.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Payment intents and their outcomes ({@code payment_attempts}), one row per order and attempt. */
public final class PaymentAttempts {

    /** Where an attempt stands. */
    public enum Status { REQUESTED, CAPTURED, DECLINED }

    public record Attempt(String orderId, int attempt, String idempotencyKey, long amountCents, String paymentToken,
                          Status status) {
    }

    /** The idempotency key of an order's charge attempt: stable across crashes and instances. */
    public static String key(String orderId, int attempt) {
        return "inkflow-charge-" + orderId + "-" + attempt;
    }

    public Optional<Attempt> find(Connection c, String orderId, int attempt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT idempotency_key, amount_cents, payment_token, status FROM payment_attempts
                WHERE order_id = ? AND attempt = ?""")) {
            ps.setString(1, orderId);
            ps.setInt(2, attempt);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Attempt(orderId, attempt, rs.getString(1), rs.getLong(2), rs.getString(3),
                                Status.valueOf(rs.getString(4))))
                        : Optional.empty();
            }
        }
    }

    /** Records the intent to charge BEFORE the provider is called. */
    public Attempt insertIntent(Connection c, String orderId, int attempt, long amountCents, String paymentToken,
                                Instant now) throws SQLException {
        String key = key(orderId, attempt);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO payment_attempts (order_id, attempt, idempotency_key, amount_cents, payment_token, status,
                                              requested_at)
                VALUES (?, ?, ?, ?, ?, 'REQUESTED', ?)""")) {
            ps.setString(1, orderId);
            ps.setInt(2, attempt);
            ps.setString(3, key);
            ps.setLong(4, amountCents);
            ps.setString(5, paymentToken);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.executeUpdate();
        }
        return new Attempt(orderId, attempt, key, amountCents, paymentToken, Status.REQUESTED);
    }

    public void complete(Connection c, String orderId, int attempt, Status status, String providerReference,
                         String declineReason, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE payment_attempts SET status = ?, provider_reference = ?, decline_reason = ?, completed_at = ?
                WHERE order_id = ? AND attempt = ?""")) {
            ps.setString(1, status.name());
            ps.setString(2, providerReference);
            ps.setString(3, declineReason);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, orderId);
            ps.setInt(6, attempt);
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
