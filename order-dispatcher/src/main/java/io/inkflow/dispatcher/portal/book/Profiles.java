package io.inkflow.dispatcher.portal.book;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;

/** The customer's name (on the account) and phone and business details ({@code customer_profiles}). */
public final class Profiles {
    public static final Set<String> BUSINESS_TYPES = Set.of("HOME", "SMALL_OFFICE", "ENTERPRISE", "EDUCATION",
            "GOVERNMENT");

    /** {@code phone}, {@code company}, {@code taxId} and {@code businessType} are optional. */
    public record Profile(String name, String phone, String company, String taxId, String businessType) {
    }

    public Profile find(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT a.name, p.phone, p.company, p.tax_id, p.business_type
                FROM accounts a LEFT JOIN customer_profiles p ON p.account_id = a.account_id
                WHERE a.account_id = ?""")) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new Profile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5));
            }
        }
    }

    public void save(Connection c, String accountId, Profile profile, Instant now) throws SQLException {
        try (PreparedStatement account = c.prepareStatement(
                "UPDATE accounts SET name = ?, updated_at = ? WHERE account_id = ?");
             PreparedStatement upsert = c.prepareStatement("""
                     INSERT INTO customer_profiles (account_id, phone, company, tax_id, business_type, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (account_id) DO UPDATE SET phone = excluded.phone, company = excluded.company,
                         tax_id = excluded.tax_id, business_type = excluded.business_type,
                         updated_at = excluded.updated_at""")) {
            account.setString(1, profile.name());
            account.setTimestamp(2, Timestamp.from(now));
            account.setString(3, accountId);
            account.executeUpdate();
            upsert.setString(1, accountId);
            upsert.setString(2, profile.phone());
            upsert.setString(3, profile.company());
            upsert.setString(4, profile.taxId());
            upsert.setString(5, profile.businessType());
            upsert.setTimestamp(6, Timestamp.from(now));
            upsert.executeUpdate();
        }
    }
}
