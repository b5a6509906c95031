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
 * and migrated by the account API). Read at the moment of use, so a change made a second before a
 * shipment is what that shipment uses.
 */
public final class AccountReader {

    /** What fulfilment needs of an account. */
    public record AccountSnapshot(String accountId, String email, String name, Address shipTo, String paymentToken) {
    }

    public Optional<AccountSnapshot> find(Connection c, String accountId) throws SQLException {
        return Optional.ofNullable(findAll(c, List.of(accountId)).get(accountId));
    }

    /** Many accounts in one query; accounts that do not exist are absent from the map. */
    public Map<String, AccountSnapshot> findAll(Connection c, Collection<String> accountIds) throws SQLException {
        Map<String, AccountSnapshot> found = new HashMap<>();
        if (accountIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT account_id, email, name, ship_name, ship_line1, ship_line2, ship_city, ship_region,
                       ship_postal_code, ship_country, payment_token
                FROM accounts WHERE account_id = ANY (?)""")) {
            ps.setArray(1, c.createArrayOf("text", accountIds.stream().distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Address address = new Address(rs.getString("ship_name"), rs.getString("ship_line1"),
                            rs.getString("ship_line2"), rs.getString("ship_city"), rs.getString("ship_region"),
                            rs.getString("ship_postal_code"), rs.getString("ship_country"));
                    found.put(rs.getString("account_id"), new AccountSnapshot(rs.getString("account_id"),
                            rs.getString("email"), rs.getString("name"), address, rs.getString("payment_token")));
                }
            }
        }
        return found;
    }
}
