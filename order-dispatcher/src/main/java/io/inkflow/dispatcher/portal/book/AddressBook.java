package io.inkflow.dispatcher.portal.book;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.Address;
import io.inkflow.dispatcher.account.Ids;
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
 * A customer's addresses, one of them the default shipping address and one the default billing address.
 * The default shipping address is also written to the account ({@link AccountStore#updateAddress}), the
 * fallback of every printer without its own address. Every change locks the account row first (the same
 * lock order as enrollments), in the caller's transaction.
 */
public final class AddressBook {
    private static final String COLUMNS = "address_id, label, name, line1, line2, city, region, postal_code, country, "
            + "phone, default_shipping, default_billing";

    private final AccountStore accounts;

    public AddressBook(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** An address as entered; {@code label}, {@code line2}, {@code region} and {@code phone} are optional. */
    public record NewAddress(String label, String name, String line1, String line2, String city, String region,
                             String postalCode, String country, String phone) {
        Address forAccount() {
            return new Address(name, line1, line2, city, region, postalCode, country);
        }
    }

    /** An address of the book. */
    public record Entry(String addressId, NewAddress address, boolean defaultShipping, boolean defaultBilling) {
        /** One line, for choosers: "Home: Ada Lovelace, 12 Analytical Way, London N1 7AA, GB". */
        public String summary() {
            NewAddress a = address;
            return (a.label() == null ? "" : a.label() + ": ") + a.name() + ", " + a.line1()
                    + (a.line2() == null ? "" : ", " + a.line2()) + ", " + a.city()
                    + (a.region() == null ? "" : ", " + a.region()) + " " + a.postalCode() + ", " + a.country();
        }
    }

    public List<Entry> list(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM address_book WHERE account_id = ? AND removed_at IS NULL ORDER BY created_at, address_id")) {
            select.setString(1, accountId);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
            return entries;
        }
    }

    /** The account's address; empty for an unknown id or another account's address. */
    public Optional<Entry> find(Connection c, String accountId, String addressId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM address_book WHERE account_id = ? AND address_id = ? AND removed_at IS NULL")) {
            select.setString(1, accountId);
            select.setString(2, addressId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Adds an address; the account's first becomes its default shipping and billing address. */
    public String add(Connection c, String accountId, NewAddress address, Instant now) throws SQLException {
        accounts.lock(c, accountId);
        boolean first = list(c, accountId).isEmpty();
        String addressId = Ids.random("adr");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO address_book (account_id, " + COLUMNS
                + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, accountId);
            insert.setString(2, addressId);
            int next = setAddress(insert, 3, address);
            insert.setBoolean(next, first);
            insert.setBoolean(next + 1, first);
            insert.setTimestamp(next + 2, Timestamp.from(now));
            insert.setTimestamp(next + 3, Timestamp.from(now));
            insert.executeUpdate();
        }
        if (first) {
            accounts.updateAddress(c, accountId, address.forAccount(), now);
        }
        return addressId;
    }

    /** Changes an address in place: printers shipping to it ship to the changed address from now on. */
    public boolean update(Connection c, String accountId, String addressId, NewAddress address, Instant now)
            throws SQLException {
        accounts.lock(c, accountId);
        Optional<Entry> entry = find(c, accountId, addressId);
        if (entry.isEmpty()) {
            return false;
        }
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE address_book SET label = ?, name = ?, line1 = ?, line2 = ?, city = ?, region = ?, postal_code = ?,
                    country = ?, phone = ?, updated_at = ? WHERE address_id = ?""")) {
            int next = setAddress(update, 1, address);
            update.setTimestamp(next, Timestamp.from(now));
            update.setString(next + 1, addressId);
            update.executeUpdate();
        }
        if (entry.get().defaultShipping()) {
            accounts.updateAddress(c, accountId, address.forAccount(), now);
        }
        return true;
    }

    public Removal remove(Connection c, String accountId, String addressId, Instant now) throws SQLException {
        accounts.lock(c, accountId);
        Optional<Entry> entry = find(c, accountId, addressId);
        if (entry.isEmpty()) {
            return new Removal.NotFound();
        }
        if (entry.get().defaultShipping() || entry.get().defaultBilling()) {
            return new Removal.IsDefault();
        }
        List<String> serials = Delivery.serialsUsing(c, "address_id", addressId);
        if (!serials.isEmpty()) {
            return new Removal.InUse(serials);
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE address_book SET removed_at = ?, updated_at = ? WHERE address_id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, addressId);
            update.executeUpdate();
        }
        return new Removal.Removed();
    }

    /** Makes the address the default shipping address (the account's fallback); false when not found. */
    public boolean makeDefaultShipping(Connection c, String accountId, String addressId, Instant now)
            throws SQLException {
        accounts.lock(c, accountId);
        Optional<Entry> entry = find(c, accountId, addressId);
        if (entry.isEmpty()) {
            return false;
        }
        moveFlag(c, accountId, addressId, "default_shipping");
        accounts.updateAddress(c, accountId, entry.get().address().forAccount(), now);
        return true;
    }

    public boolean makeDefaultBilling(Connection c, String accountId, String addressId) throws SQLException {
        accounts.lock(c, accountId);
        if (find(c, accountId, addressId).isEmpty()) {
            return false;
        }
        moveFlag(c, accountId, addressId, "default_billing");
        return true;
    }

    private static void moveFlag(Connection c, String accountId, String addressId, String column) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement(
                "UPDATE address_book SET " + column + " = false WHERE account_id = ? AND " + column);
             PreparedStatement set = c.prepareStatement(
                     "UPDATE address_book SET " + column + " = true WHERE address_id = ?")) {
            clear.setString(1, accountId);
            clear.executeUpdate();
            set.setString(1, addressId);
            set.executeUpdate();
        }
    }

    /** Sets label .. phone from parameter {@code first}; returns the next parameter index. */
    private static int setAddress(PreparedStatement ps, int first, NewAddress a) throws SQLException {
        String[] values = {a.label(), a.name(), a.line1(), a.line2(), a.city(), a.region(), a.postalCode(),
                a.country(), a.phone()};
        for (int i = 0; i < values.length; i++) {
            ps.setString(first + i, values[i]);
        }
        return first + values.length;
    }

    private static Entry read(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("address_id"), new NewAddress(rs.getString("label"), rs.getString("name"),
                rs.getString("line1"), rs.getString("line2"), rs.getString("city"), rs.getString("region"),
                rs.getString("postal_code"), rs.getString("country"), rs.getString("phone")),
                rs.getBoolean("default_shipping"), rs.getBoolean("default_billing"));
    }
}
