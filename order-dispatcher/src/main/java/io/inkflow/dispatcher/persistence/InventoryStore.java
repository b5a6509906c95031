package io.inkflow.dispatcher.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Stock and prices per SKU. Every change locks the SKU's row, so reservations never oversell. */
public final class InventoryStore {
    private static final String UPDATE =
            "UPDATE inventory SET on_hand = on_hand + ?, reserved = reserved + ?, updated_at = ? WHERE sku = ?";

    /** Creates missing stock rows with {@code initialStock} units and sets the catalog prices. */
    public void seed(Connection c, Map<String, Long> pricesBySku, int initialStock, Instant now) throws SQLException {
        try (PreparedStatement stock = c.prepareStatement("""
                INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES (?, ?, 0, ?)
                ON CONFLICT (sku) DO NOTHING""");
             PreparedStatement price = c.prepareStatement("""
                INSERT INTO sku_prices (sku, price_cents, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (sku) DO UPDATE SET price_cents = EXCLUDED.price_cents, updated_at = EXCLUDED.updated_at
                WHERE sku_prices.price_cents <> EXCLUDED.price_cents""")) {
            for (var entry : pricesBySku.entrySet()) {
                stock.setString(1, entry.getKey());
                stock.setInt(2, initialStock);
                stock.setTimestamp(3, Timestamp.from(now));
                stock.addBatch();
                price.setString(1, entry.getKey());
                price.setLong(2, entry.getValue());
                price.setTimestamp(3, Timestamp.from(now));
                price.addBatch();
            }
            stock.executeBatch();
            price.executeBatch();
        }
    }

    /** Locks the SKU's stock row and returns its free units; empty for an unknown SKU. */
    public OptionalInt lockOnHand(Connection c, String sku) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT on_hand FROM inventory WHERE sku = ? FOR UPDATE")) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Moves {@code units} from free to reserved (negative units give them back). */
    public void reserve(Connection c, String sku, int units, Instant now) throws SQLException {
        update(c, sku, -units, units, now);
    }

    /** A reserved unit left the warehouse. */
    public void consumeReserved(Connection c, String sku, Instant now) throws SQLException {
        update(c, sku, 0, -1, now);
    }

    /** New units arrived. */
    public void addStock(Connection c, String sku, int units, Instant now) throws SQLException {
        update(c, sku, units, 0, now);
    }

    public OptionalLong price(Connection c, String sku) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT price_cents FROM sku_prices WHERE sku = ?")) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Backordered orders of a SKU, oldest first, locked. */
    public List<String> lockBackorders(Connection c, String sku, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT order_id FROM orders WHERE state = 'BACKORDERED' AND sku = ?
                ORDER BY created_at, order_id LIMIT ? FOR UPDATE""")) {
            ps.setString(1, sku);
            ps.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Applies deltas to free and reserved stock; the CHECK constraints refuse a negative result. */
    private static void update(Connection c, String sku, int onHandDelta, int reservedDelta, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setInt(1, onHandDelta);
            ps.setInt(2, reservedDelta);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, sku);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("No inventory row for SKU " + sku);
            }
        }
    }
}
