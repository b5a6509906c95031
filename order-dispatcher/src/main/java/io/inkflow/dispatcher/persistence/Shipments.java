package io.inkflow.dispatcher.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.dispatcher.shipping.Address;
import io.inkflow.dispatcher.shipping.Carrier.Item;
import io.inkflow.schemas.Json;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shipment intents and results ({@code shipments}), one per order; Amazon hand-offs ({@code amazon_forwards}). */
public final class Shipments {

    public record Shipment(String orderId, String idempotencyKey, Address shipTo, boolean created) {
    }

    /** A parcel the carrier created, to record. */
    public record Created(String orderId, String trackingNumber, String carrier, LocalDate deliveryEstimate) {
    }

    public static String key(String orderId) {
        return "inkflow-ship-" + orderId;
    }

    /** The idempotency key of one parcel for several orders of an order group (see {@link PaymentAttempts#groupKey}). */
    public static String groupKey(String groupId, Collection<String> orderIds) {
        Map<String, Integer> members = new HashMap<>();
        orderIds.forEach(id -> members.put(id, 0));
        return GROUP_KEY_PREFIX + groupId + "-" + IdempotencyKeys.members(members);
    }

    public static boolean isGroupKey(String idempotencyKey) {
        return idempotencyKey.startsWith(GROUP_KEY_PREFIX);
    }

    private static final String GROUP_KEY_PREFIX = "inkflow-ship-group-";

    /** Every order whose shipment intent carries each of these keys, with its SKU: the items of a group's parcel. */
    public Map<String, List<Item>> itemsByKey(Connection c, Collection<String> keys) throws SQLException {
        Map<String, List<Item>> items = new HashMap<>();
        if (keys.isEmpty()) {
            return items;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.idempotency_key, s.order_id, o.sku FROM shipments s JOIN orders o ON o.order_id = s.order_id
                WHERE s.idempotency_key = ANY (?) ORDER BY s.idempotency_key, s.order_id""")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Item(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return items;
    }

    public static String amazonKey(String orderId) {
        return "inkflow-amazon-" + orderId;
    }

    /** A new intent (not yet stored) for {@link #insertIntents}. */
    public static Shipment intent(String orderId, Address shipTo) {
        return intent(orderId, key(orderId), shipTo);
    }

    /** A new intent under a given key (a group's parcel, shared with the other members). */
    public static Shipment intent(String orderId, String idempotencyKey, Address shipTo) {
        return new Shipment(orderId, idempotencyKey, shipTo, false);
    }

    public Map<String, Shipment> findAll(Connection c, Collection<String> orderIds) throws SQLException {
        Map<String, Shipment> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT order_id, idempotency_key, ship_to::text, status FROM shipments WHERE order_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String orderId = rs.getString(1);
                    found.put(orderId, new Shipment(orderId, rs.getString(2), address(orderId, rs.getString(3)),
                            "CREATED".equals(rs.getString(4))));
                }
            }
        }
        return found;
    }

    /** Records the intents to ship to these addresses BEFORE the carrier is called. */
    public void insertIntents(Connection c, List<Shipment> intents, String carrier, Instant now) throws SQLException {
        if (intents.isEmpty()) {
            return;
        }
        String[] shipTo = new String[intents.size()];
        for (int i = 0; i < shipTo.length; i++) {
            try {
                shipTo[i] = Json.mapper().writeValueAsString(intents.get(i).shipTo());
            } catch (JsonProcessingException e) {
                throw new SQLException("Cannot write ship_to of order " + intents.get(i).orderId(), e);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO shipments (order_id, idempotency_key, status, ship_to, carrier, requested_at)
                SELECT u.order_id, u.idempotency_key, 'REQUESTED', u.ship_to::jsonb, ?, ?
                FROM unnest(?::text[], ?::text[], ?::text[]) AS u(order_id, idempotency_key, ship_to)""")) {
            ps.setString(1, carrier);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setArray(3, c.createArrayOf("text", intents.stream().map(Shipment::orderId).toArray()));
            ps.setArray(4, c.createArrayOf("text", intents.stream().map(Shipment::idempotencyKey).toArray()));
            ps.setArray(5, c.createArrayOf("text", shipTo));
            ps.executeUpdate();
        }
    }

    public void completeAll(Connection c, Collection<Created> created, Instant now) throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE shipments s SET status = 'CREATED', tracking_number = u.tracking, carrier = u.carrier,
                       delivery_estimate = u.estimate, completed_at = ?
                FROM unnest(?::text[], ?::text[], ?::text[], ?::date[]) AS u(order_id, tracking, carrier, estimate)
                WHERE s.order_id = u.order_id""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("text", created.stream().map(Created::orderId).toArray()));
            ps.setArray(3, c.createArrayOf("text", created.stream().map(Created::trackingNumber).toArray()));
            ps.setArray(4, c.createArrayOf("text", created.stream().map(Created::carrier).toArray()));
            ps.setArray(5, c.createArrayOf("date", created.stream().map(x -> Date.valueOf(x.deliveryEstimate())).toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Forgets an intent the carrier refused (no parcel exists), so the next attempt asks again with the
     * address current then.
     */
    public void deleteRefused(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM shipments WHERE order_id = ? AND status = 'REQUESTED'")) {
            ps.setString(1, orderId);
            ps.executeUpdate();
        }
    }

    /** For each order with an Amazon hand-off: whether it was accepted (true) or only requested (false). */
    public Map<String, Boolean> amazonForwards(Connection c, Collection<String> orderIds) throws SQLException {
        Map<String, Boolean> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT order_id, status FROM amazon_forwards WHERE order_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), "ACCEPTED".equals(rs.getString(2)));
                }
            }
        }
        return found;
    }

    /** Whether an Amazon hand-off was requested (false) or also accepted (true); absent when never requested. */
    public java.util.Optional<Boolean> amazonForwardAccepted(Connection c, String orderId) throws SQLException {
        return java.util.Optional.ofNullable(amazonForwards(c, List.of(orderId)).get(orderId));
    }

    public void insertAmazonIntents(Connection c, Collection<String> orderIds, Instant now) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO amazon_forwards (order_id, idempotency_key, status, requested_at)
                SELECT u.order_id, u.idempotency_key, 'REQUESTED', ?
                FROM unnest(?::text[], ?::text[]) AS u(order_id, idempotency_key)""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("text", orderIds.toArray()));
            ps.setArray(3, c.createArrayOf("text", orderIds.stream().map(Shipments::amazonKey).toArray()));
            ps.executeUpdate();
        }
    }

    /** Records accepted hand-offs: order id to Amazon's reference. */
    public void completeAmazon(Connection c, Map<String, String> referenceByOrder, Instant now) throws SQLException {
        if (referenceByOrder.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE amazon_forwards a SET status = 'ACCEPTED', amazon_reference = u.reference, completed_at = ?
                FROM unnest(?::text[], ?::text[]) AS u(order_id, reference) WHERE a.order_id = u.order_id""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("text", referenceByOrder.keySet().toArray()));
            ps.setArray(3, c.createArrayOf("text", referenceByOrder.values().toArray()));
            ps.executeUpdate();
        }
    }

    private static Address address(String orderId, String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, Address.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable ship_to of order " + orderId, e);
        }
    }
}
