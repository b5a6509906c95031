package io.inkflow.dispatcher.persistence;

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
import java.util.OptionalInt;
import java.util.TreeSet;

/** Stock and prices per SKU. Every change locks the SKU's row, so reservations never oversell. */
public final class InventoryStore {

    /** A change of free and reserved units of one SKU. */
    public record Delta(int onHand, int reserved) {
    }

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
        Integer onHand = lockOnHand(c, List.of(sku)).get(sku);
        return onHand == null ? OptionalInt.empty() : OptionalInt.of(onHand);
    }

    /**
     * Locks the stock rows of the SKUs, in SKU order (so two lockers of several SKUs never deadlock), and
     * returns their free units; unknown SKUs are absent.
     */
    public Map<String, Integer> lockOnHand(Connection c, Collection<String> skus) throws SQLException {
        Map<String, Integer> onHand = new HashMap<>();
        if (skus.isEmpty()) {
            return onHand;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sku, on_hand FROM inventory WHERE sku = ANY (?) ORDER BY sku FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("text", new TreeSet<>(skus).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    onHand.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return onHand;
    }

    /**
     * Reserves up to the wanted units of each SKU (as many as are free), in one statement that locks the
     * SKUs' rows in SKU order; returns the units granted per SKU (unknown SKUs are absent). Call it last in
     * its transaction, or in a transaction of its own: the rows stay locked until the commit, and every
     * reservation of these SKUs waits for it.
     */
    public Map<String, Integer> reserveUpTo(Connection c, Map<String, Integer> wanted, Instant now) throws SQLException {
        Map<String, Integer> granted = new HashMap<>();
        if (wanted.isEmpty()) {
            return granted;
        }
        List<String> skus = new ArrayList<>(new TreeSet<>(wanted.keySet()));
        try (PreparedStatement ps = c.prepareStatement("""
                WITH wanted AS (SELECT * FROM unnest(?::text[], ?::int[]) AS w(sku, units)),
                     locked AS (SELECT i.sku, i.on_hand FROM inventory i JOIN wanted w ON w.sku = i.sku
                                ORDER BY i.sku FOR UPDATE OF i)
                UPDATE inventory i SET on_hand = i.on_hand - least(l.on_hand, w.units),
                       reserved = i.reserved + least(l.on_hand, w.units), updated_at = ?
                FROM locked l JOIN wanted w ON w.sku = l.sku
                WHERE i.sku = l.sku
                RETURNING i.sku, least(l.on_hand, w.units)""")) {
            ps.setArray(1, c.createArrayOf("text", skus.toArray()));
            ps.setArray(2, c.createArrayOf("int4", skus.stream().map(wanted::get).toArray()));
            ps.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    granted.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return granted;
    }

    /** Moves {@code units} from free to reserved (negative units give them back). */
    public void reserve(Connection c, String sku, int units, Instant now) throws SQLException {
        adjust(c, Map.of(sku, new Delta(-units, units)), now);
    }

    /** New units arrived. */
    public void addStock(Connection c, String sku, int units, Instant now) throws SQLException {
        adjust(c, Map.of(sku, new Delta(units, 0)), now);
    }

    /**
     * Applies deltas to free and reserved stock, one statement for all SKUs; the CHECK constraints refuse a
     * negative result. The rows must be locked by this transaction (in SKU order) beforehand when several
     * SKUs change, or two adjusters may deadlock.
     */
    public void adjust(Connection c, Map<String, Delta> deltas, Instant now) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        List<String> skus = new ArrayList<>(new TreeSet<>(deltas.keySet()));
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE inventory i SET on_hand = i.on_hand + u.on_hand, reserved = i.reserved + u.reserved,
                       updated_at = ?
                FROM unnest(?::text[], ?::int[], ?::int[]) AS u(sku, on_hand, reserved)
                WHERE i.sku = u.sku""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("text", skus.toArray()));
            ps.setArray(3, c.createArrayOf("int4", skus.stream().map(s -> deltas.get(s).onHand()).toArray()));
            ps.setArray(4, c.createArrayOf("int4", skus.stream().map(s -> deltas.get(s).reserved()).toArray()));
            int updated = ps.executeUpdate();
            if (updated != skus.size()) {
                throw new SQLException("No inventory row for some of the SKUs " + skus);
            }
        }
    }

    /** The current list price of each SKU that has one. */
    public Map<String, Long> prices(Connection c, Collection<String> skus) throws SQLException {
        Map<String, Long> prices = new HashMap<>();
        if (skus.isEmpty()) {
            return prices;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT sku, price_cents FROM sku_prices WHERE sku = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", skus.stream().distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    prices.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return prices;
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
}
