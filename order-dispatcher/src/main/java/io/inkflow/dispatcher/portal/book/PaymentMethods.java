package io.inkflow.dispatcher.portal.book;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.Ids;
import io.inkflow.dispatcher.account.PaymentMethod;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A customer's saved payment methods: provider tokens with brand, last four digits and expiry, never a
 * card number. The default is also written to the account ({@link AccountStore#updatePaymentMethod}),
 * the fallback of every printer without its own method. Changes lock the account row first.
 */
public final class PaymentMethods {
    private static final String COLUMNS = "method_id, provider_token, brand, last4, exp_month, exp_year, nickname, "
            + "is_default";

    private final AccountStore accounts;

    public PaymentMethods(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** A method to save: what the provider returned for the card. */
    public record NewMethod(String providerToken, String brand, String last4, int expMonth, int expYear,
                            String nickname) {
        @Override
        public String toString() {
            return "NewMethod[brand=" + brand + ", last4=" + last4 + "]";
        }
    }

    /** A saved method as the pages show it (no token). */
    public record Method(String methodId, String brand, String last4, int expMonth, int expYear, String nickname,
                         boolean isDefault) {
        public String summary() {
            return (nickname == null ? "" : nickname + ": ") + brand + " ending " + last4
                    + " (expires " + String.format("%02d/%d", expMonth, expYear) + ")";
        }
    }

    public List<Method> list(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM payment_methods WHERE account_id = ? AND removed_at IS NULL ORDER BY created_at, method_id")) {
            select.setString(1, accountId);
            List<Method> methods = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    methods.add(read(rs));
                }
            }
            return methods;
        }
    }

    public Optional<Method> find(Connection c, String accountId, String methodId) throws SQLException {
        return list(c, accountId).stream().filter(m -> m.methodId().equals(methodId)).findFirst();
    }

    /** Saves a method; the account's first becomes its default. */
    public String add(Connection c, String accountId, NewMethod method, Instant now) throws SQLException {
        accounts.lock(c, accountId);
        boolean first = list(c, accountId).isEmpty();
        String methodId = Ids.random("pm");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO payment_methods (account_id, " + COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, accountId);
            insert.setString(2, methodId);
            insert.setString(3, method.providerToken());
            insert.setString(4, method.brand());
            insert.setString(5, method.last4());
            insert.setInt(6, method.expMonth());
            insert.setInt(7, method.expYear());
            insert.setString(8, method.nickname());
            insert.setBoolean(9, first);
            insert.setTimestamp(10, Timestamp.from(now));
            insert.executeUpdate();
        }
        if (first) {
            mirror(c, accountId, methodId, now);
        }
        return methodId;
    }

    public Removal remove(Connection c, String accountId, String methodId, Instant now) throws SQLException {
        accounts.lock(c, accountId);
        Optional<Method> method = find(c, accountId, methodId);
        if (method.isEmpty()) {
            return new Removal.NotFound();
        }
        if (method.get().isDefault()) {
            return new Removal.IsDefault();
        }
        List<String> serials = Delivery.serialsUsing(c, "payment_method_id", methodId);
        if (!serials.isEmpty()) {
            return new Removal.InUse(serials);
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE payment_methods SET removed_at = ? WHERE method_id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, methodId);
            update.executeUpdate();
        }
        return new Removal.Removed();
    }

    /** Makes the method the default (the account's fallback); false when not found. */
    public boolean makeDefault(Connection c, String accountId, String methodId, Instant now) throws SQLException {
        accounts.lock(c, accountId);
        if (find(c, accountId, methodId).isEmpty()) {
            return false;
        }
        try (PreparedStatement clear = c.prepareStatement(
                "UPDATE payment_methods SET is_default = false WHERE account_id = ? AND is_default");
             PreparedStatement set = c.prepareStatement("UPDATE payment_methods SET is_default = true WHERE method_id = ?")) {
            clear.setString(1, accountId);
            clear.executeUpdate();
            set.setString(1, methodId);
            set.executeUpdate();
        }
        mirror(c, accountId, methodId, now);
        return true;
    }

    private void mirror(Connection c, String accountId, String methodId, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT provider_token, brand, last4 FROM payment_methods WHERE method_id = ?")) {
            select.setString(1, methodId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                accounts.updatePaymentMethod(c, accountId,
                        new PaymentMethod(rs.getString(1), rs.getString(2), rs.getString(3)), now);
            }
        }
    }

    private static Method read(ResultSet rs) throws SQLException {
        return new Method(rs.getString("method_id"), rs.getString("brand"), rs.getString("last4"),
                rs.getInt("exp_month"), rs.getInt("exp_year"), rs.getString("nickname"), rs.getBoolean("is_default"));
    }
}
