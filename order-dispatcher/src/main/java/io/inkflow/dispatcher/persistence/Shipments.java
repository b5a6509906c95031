package io.inkflow.dispatcher.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.dispatcher.shipping.Address;
import io.inkflow.schemas.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** Shipment intents and results ({@code shipments}), one per order; Amazon hand-offs ({@code amazon_forwards}). */
public final class Shipments {

    public record Shipment(String orderId, String idempotencyKey, Address shipTo, boolean created) {
    }

    public static String key(String orderId) {
        return "inkflow-ship-" + orderId;
    }

    public static String amazonKey(String orderId) {
        return "inkflow-amazon-" + orderId;
    }

    public Optional<Shipment> find(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT idempotency_key, ship_to::text, status FROM shipments WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Address shipTo = Json.mapper().readValue(rs.getString(2), Address.class);
                return Optional.of(new Shipment(orderId, rs.getString(1), shipTo, "CREATED".equals(rs.getString(3))));
            } catch (JsonProcessingException e) {
                throw new SQLException("Unreadable ship_to of order " + orderId, e);
            }
        }
    }

    /** Records the intent to ship to this address BEFORE the carrier is called. */
    public Shipment insertIntent(Connection c, String orderId, Address shipTo, String carrier, Instant now)
            throws SQLException {
        String key = key(orderId);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO shipments (order_id, idempotency_key, status, ship_to, carrier, requested_at)
                VALUES (?, ?, 'REQUESTED', ?::jsonb, ?, ?)""")) {
            ps.setString(1, orderId);
            ps.setString(2, key);
            ps.setString(3, Json.mapper().writeValueAsString(shipTo));
            ps.setString(4, carrier);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot write ship_to of order " + orderId, e);
        }
        return new Shipment(orderId, key, shipTo, false);
    }

    /** Records the label; {@code carrier} is the one that delivers, as the label API answered. */
    public void complete(Connection c, String orderId, String trackingNumber, String carrier, LocalDate estimate,
                         Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE shipments SET status = 'CREATED', tracking_number = ?, carrier = ?, delivery_estimate = ?,
                                     completed_at = ?
                WHERE order_id = ?""")) {
            ps.setString(1, trackingNumber);
            ps.setString(2, carrier);
            ps.setObject(3, estimate);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, orderId);
            ps.executeUpdate();
        }
    }

    /** Whether an Amazon hand-off was requested (true) or also accepted; empty when never requested. */
    public Optional<Boolean> amazonForwardAccepted(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM amazon_forwards WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of("ACCEPTED".equals(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public void insertAmazonIntent(Connection c, String orderId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO amazon_forwards (order_id, idempotency_key, status, requested_at)
                VALUES (?, ?, 'REQUESTED', ?)""")) {
            ps.setString(1, orderId);
            ps.setString(2, amazonKey(orderId));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    public void completeAmazon(Connection c, String orderId, String amazonReference, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE amazon_forwards SET status = 'ACCEPTED', amazon_reference = ?, completed_at = ? WHERE order_id = ?""")) {
            ps.setString(1, amazonReference);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, orderId);
            ps.executeUpdate();
        }
    }
}
