package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.shipping.Address;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the CURRENT contact, shipping address and payment token from the {@code accounts} table (owned
 * and migrated by the account API), or for an order the ones chosen for its printer on the customer pages
 * ({@code printer_delivery}, falling back to the account's). Read at the moment of use, so a change made a
 * second before a shipment is what that shipment uses.
 */
public final class AccountReader {
    /** The address and token chosen for a printer on the customer pages, each falling back to the account's. */
    private static final String RESOLVED = """
            a.account_id, a.email, a.name,
            CASE WHEN b.address_id IS NULL THEN a.ship_name ELSE b.name END AS ship_name,
            CASE WHEN b.address_id IS NULL THEN a.ship_line1 ELSE b.line1 END AS ship_line1,
            CASE WHEN b.address_id IS NULL THEN a.ship_line2 ELSE b.line2 END AS ship_line2,
            CASE WHEN b.address_id IS NULL THEN a.ship_city ELSE b.city END AS ship_city,
            CASE WHEN b.address_id IS NULL THEN a.ship_region ELSE b.region END AS ship_region,
            CASE WHEN b.address_id IS NULL THEN a.ship_postal_code ELSE b.postal_code END AS ship_postal_code,
            CASE WHEN b.address_id IS NULL THEN a.ship_country ELSE b.country END AS ship_country,
            COALESCE(m.provider_token, a.payment_token) AS payment_token""";
    private static final String CHOSEN = """
            LEFT JOIN address_book b ON b.address_id = d.address_id AND b.account_id = a.account_id
                                    AND b.removed_at IS NULL
            LEFT JOIN payment_methods m ON m.method_id = d.payment_method_id AND m.account_id = a.account_id
                                       AND m.removed_at IS NULL""";

    /** What fulfilment needs of an account. */
    public record AccountSnapshot(String accountId, String email, String name, Address shipTo, String paymentToken) {
    }

    /** The account's current address and token; empty when it does not exist or lacks either. */
    public Optional<AccountSnapshot> find(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT account_id, email, name, ship_name, ship_line1, ship_line2, ship_city, ship_region,
                       ship_postal_code, ship_country, payment_token
                FROM accounts WHERE account_id = ?""")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? snapshot(rs) : Optional.empty();
            }
        }
    }

    /**
     * What fulfilment needs for one order: the shipping address and payment token chosen for the order's
     * printer, each falling back to the account's current one. Empty when the account does not exist or has
     * no address or payment method at all (an account opened on the customer pages that never gave them: the
     * order waits and is retried, and parked if that lasts).
     */
    public Optional<AccountSnapshot> forOrder(Connection c, String orderId) throws SQLException {
        return Optional.ofNullable(forOrders(c, List.of(orderId)).get(orderId));
    }

    /** {@link #forOrder} for many orders in one query, by order id; orders without a snapshot are absent. */
    public Map<String, AccountSnapshot> forOrders(Connection c, Collection<String> orderIds) throws SQLException {
        Map<String, AccountSnapshot> snapshots = new HashMap<>();
        if (orderIds.isEmpty()) {
            return snapshots;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT o.order_id, " + RESOLVED + """
                 FROM orders o JOIN accounts a ON a.account_id = o.account_id
                LEFT JOIN printer_delivery d ON d.enrollment_id = o.enrollment_id AND d.account_id = a.account_id
                """ + CHOSEN + " WHERE o.order_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<AccountSnapshot> snapshot = snapshot(rs);
                    if (snapshot.isPresent()) {
                        snapshots.put(rs.getString("order_id"), snapshot.get());
                    }
                }
            }
        }
        return snapshots;
    }

    /** The account's snapshot with the address and payment token chosen for the enrollment, if any. */
    public Optional<AccountSnapshot> find(Connection c, String accountId, String enrollmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RESOLVED + """
                 FROM accounts a
                LEFT JOIN printer_delivery d ON d.enrollment_id = ? AND d.account_id = a.account_id
                """ + CHOSEN + " WHERE a.account_id = ?")) {
            ps.setString(1, enrollmentId);
            ps.setString(2, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? snapshot(rs) : Optional.empty();
            }
        }
    }

    private static Optional<AccountSnapshot> snapshot(ResultSet rs) throws SQLException {
        if (rs.getString("ship_name") == null || rs.getString("payment_token") == null) {
            return Optional.empty();
        }
        Address address = new Address(rs.getString("ship_name"), rs.getString("ship_line1"),
                rs.getString("ship_line2"), rs.getString("ship_city"), rs.getString("ship_region"),
                rs.getString("ship_postal_code"), rs.getString("ship_country"));
        return Optional.of(new AccountSnapshot(rs.getString("account_id"), rs.getString("email"),
                rs.getString("name"), address, rs.getString("payment_token")));
    }
}
