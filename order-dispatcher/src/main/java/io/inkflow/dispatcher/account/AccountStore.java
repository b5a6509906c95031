package io.inkflow.dispatcher.account;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Accounts with their current shipping address and payment method, and the history of both. Every
 * method runs inside the caller's transaction.
 */
public final class AccountStore {
    private static final String SELECT = """
            SELECT account_id, email, name, ship_name, ship_line1, ship_line2, ship_city, ship_region,
                   ship_postal_code, ship_country, payment_brand, payment_last4, plan_status, created_at, updated_at
            FROM accounts WHERE account_id = ?""";

    /** Creates the account and the first entries of its address and payment histories. */
    public String create(Connection c, NewAccount account, Instant now) throws SQLException {
        String accountId = Ids.random("acc");
        Address a = account.shippingAddress();
        PaymentMethod p = account.paymentMethod();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO accounts (account_id, email, name, ship_name, ship_line1, ship_line2, ship_city,
                    ship_region, ship_postal_code, ship_country, payment_token, payment_brand, payment_last4,
                    plan_status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")) {
            insert.setString(1, accountId);
            insert.setString(2, account.email());
            insert.setString(3, account.name());
            setAddress(insert, 4, a);
            insert.setString(11, p.providerToken());
            insert.setString(12, p.brand());
            insert.setString(13, p.last4());
            insert.setTimestamp(14, Timestamp.from(now));
            insert.setTimestamp(15, Timestamp.from(now));
            insert.executeUpdate();
        }
        appendAddressHistory(c, accountId, a, now);
        appendPaymentHistory(c, accountId, p, now);
        return accountId;
    }

    public Optional<Account> find(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public boolean exists(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM accounts WHERE account_id = ?")) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Locks the account row until the transaction ends and returns its plan status. Every enrollment
     * change locks the account first and then the printer rows, so concurrent changes never deadlock.
     */
    public Optional<PlanStatus> lock(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT plan_status FROM accounts WHERE account_id = ? FOR UPDATE")) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(PlanStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Replaces the current address (the next shipment uses it) and records it; false if no such account. */
    public boolean updateAddress(Connection c, String accountId, Address address, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE accounts SET ship_name = ?, ship_line1 = ?, ship_line2 = ?, ship_city = ?, ship_region = ?,
                    ship_postal_code = ?, ship_country = ?, updated_at = ?
                WHERE account_id = ?""")) {
            setAddress(update, 1, address);
            update.setTimestamp(8, Timestamp.from(now));
            update.setString(9, accountId);
            if (update.executeUpdate() == 0) {
                return false;
            }
        }
        appendAddressHistory(c, accountId, address, now);
        return true;
    }

    /** Replaces the current payment method and records it; false if no such account. */
    public boolean updatePaymentMethod(Connection c, String accountId, PaymentMethod method, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE accounts SET payment_token = ?, payment_brand = ?, payment_last4 = ?, updated_at = ?
                WHERE account_id = ?""")) {
            update.setString(1, method.providerToken());
            update.setString(2, method.brand());
            update.setString(3, method.last4());
            update.setTimestamp(4, Timestamp.from(now));
            update.setString(5, accountId);
            if (update.executeUpdate() == 0) {
                return false;
            }
        }
        appendPaymentHistory(c, accountId, method, now);
        return true;
    }

    public void setPlanStatus(Connection c, String accountId, PlanStatus status, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE accounts SET plan_status = ?, updated_at = ? WHERE account_id = ?")) {
            update.setString(1, status.name());
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, accountId);
            update.executeUpdate();
        }
    }

    /** Records a plan cancellation with its reasons; returns its id. */
    public long recordCancellation(Connection c, String accountId, List<String> reasons, String comment, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO plan_cancellations (account_id, reasons, comment, cancelled_at) VALUES (?, ?, ?, ?)
                RETURNING id""")) {
            Array array = c.createArrayOf("text", reasons.toArray());
            insert.setString(1, accountId);
            insert.setArray(2, array);
            insert.setString(3, comment);
            insert.setTimestamp(4, Timestamp.from(now));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } finally {
                array.free();
            }
        }
    }

    private static void appendAddressHistory(Connection c, String accountId, Address a, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO account_addresses (account_id, ship_name, ship_line1, ship_line2, ship_city, ship_region,
                    ship_postal_code, ship_country, valid_from)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, accountId);
            setAddress(insert, 2, a);
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private static void appendPaymentHistory(Connection c, String accountId, PaymentMethod p, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO account_payment_methods (account_id, payment_token, payment_brand, payment_last4, valid_from)
                VALUES (?, ?, ?, ?, ?)""")) {
            insert.setString(1, accountId);
            insert.setString(2, p.providerToken());
            insert.setString(3, p.brand());
            insert.setString(4, p.last4());
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    /** Sets the seven address columns starting at parameter {@code first}. */
    private static void setAddress(PreparedStatement statement, int first, Address a) throws SQLException {
        statement.setString(first, a.name());
        statement.setString(first + 1, a.line1());
        statement.setString(first + 2, a.line2());
        statement.setString(first + 3, a.city());
        statement.setString(first + 4, a.region());
        statement.setString(first + 5, a.postalCode());
        statement.setString(first + 6, a.country());
    }

    private static Account read(ResultSet rs) throws SQLException {
        // null for an account opened on the customer pages that has no address yet (V40)
        Address address = rs.getString("ship_name") == null ? null : new Address(rs.getString("ship_name"),
                rs.getString("ship_line1"), rs.getString("ship_line2"), rs.getString("ship_city"),
                rs.getString("ship_region"), rs.getString("ship_postal_code"), rs.getString("ship_country"));
        return new Account(rs.getString("account_id"), rs.getString("email"), rs.getString("name"), address,
                new PaymentMethod.Summary(rs.getString("payment_brand"), rs.getString("payment_last4")),
                PlanStatus.valueOf(rs.getString("plan_status")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
