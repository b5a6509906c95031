package io.inkflow.dispatcher.portal.book;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The shipping address and payment method chosen for one printer (its enrollment), from the account's
 * address book and saved methods; null means the account's default. Fulfilment reads the choice at the
 * moment of use, so the next charge and the next shipment use what is chosen now.
 */
public final class Delivery {
    private static final Set<String> COLUMNS = Set.of("address_id", "payment_method_id");

    /** A printer's choice; either part may be null (the default). */
    public record Choice(String addressId, String paymentMethodId) {
        public static final Choice DEFAULTS = new Choice(null, null);
    }

    public Choice of(Connection c, String enrollmentId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT address_id, payment_method_id FROM printer_delivery WHERE enrollment_id = ?")) {
            select.setString(1, enrollmentId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new Choice(rs.getString(1), rs.getString(2)) : Choice.DEFAULTS;
            }
        }
    }

    /** The caller has checked that the address and the method belong to the account. */
    public void choose(Connection c, String accountId, String enrollmentId, Choice choice, Instant now)
            throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO printer_delivery (enrollment_id, account_id, address_id, payment_method_id, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (enrollment_id) DO UPDATE SET address_id = excluded.address_id,
                    payment_method_id = excluded.payment_method_id, updated_at = excluded.updated_at""")) {
            upsert.setString(1, enrollmentId);
            upsert.setString(2, accountId);
            upsert.setString(3, choice.addressId());
            upsert.setString(4, choice.paymentMethodId());
            upsert.setTimestamp(5, Timestamp.from(now));
            upsert.executeUpdate();
        }
    }

    /** Serials of the current printers whose choice names the address or method. */
    static List<String> serialsUsing(Connection c, String column, String id) throws SQLException {
        if (!COLUMNS.contains(column)) {
            throw new IllegalArgumentException(column);
        }
        try (PreparedStatement select = c.prepareStatement("""
                SELECT e.serial FROM printer_delivery d JOIN enrollments e ON e.enrollment_id = d.enrollment_id
                WHERE d.""" + column + " = ? AND e.ended_at IS NULL ORDER BY e.serial")) {
            select.setString(1, id);
            List<String> serials = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    serials.add(rs.getString(1));
                }
            }
            return serials;
        }
    }
}
