package io.inkflow.dispatcher.portal.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The sign-in of each account ({@code portal_logins}); every method runs in the caller's transaction. */
public final class Logins {

    /** One account's sign-in. {@code emailVerifiedAt} is null until the current address is verified. */
    public record Login(String accountId, String email, String passwordHash, Instant emailVerifiedAt) {
        public boolean verified() {
            return emailVerifiedAt != null;
        }

        @Override
        public String toString() {
            return "Login[accountId=" + accountId + ", verified=" + verified() + "]";
        }
    }

    /** Lower case and trimmed: the form two spellings of one address share. */
    public static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<Login> byEmail(Connection c, String email) throws SQLException {
        return one(c, "email_normalized = ?", normalize(email), false);
    }

    public Optional<Login> byAccount(Connection c, String accountId) throws SQLException {
        return one(c, "account_id = ?", accountId, false);
    }

    /** The login, its row locked until the transaction ends. */
    public Optional<Login> lock(Connection c, String accountId) throws SQLException {
        return one(c, "account_id = ?", accountId, true);
    }

    public boolean taken(Connection c, String email) throws SQLException {
        return byEmail(c, email).isPresent();
    }

    public void insert(Connection c, String accountId, String email, String passwordHash, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO portal_logins (account_id, email_normalized, password_hash, password_changed_at, created_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            insert.setString(1, accountId);
            insert.setString(2, normalize(email));
            insert.setString(3, passwordHash);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    public void setPassword(Connection c, String accountId, String passwordHash, Instant now) throws SQLException {
        update(c, "UPDATE portal_logins SET password_hash = ?, password_changed_at = ? WHERE account_id = ?",
                passwordHash, now, accountId);
    }

    public void markVerified(Connection c, String accountId, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE portal_logins SET email_verified_at = ? WHERE account_id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, accountId);
            update.executeUpdate();
        }
    }

    /** A new sign-in address, not verified yet. */
    public void changeEmail(Connection c, String accountId, String email) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE portal_logins SET email_normalized = ?, email_verified_at = NULL WHERE account_id = ?")) {
            update.setString(1, normalize(email));
            update.setString(2, accountId);
            update.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, String value, Instant at, String accountId)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, value);
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, accountId);
            update.executeUpdate();
        }
    }

    private static Optional<Login> one(Connection c, String where, String value, boolean lock) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT l.account_id, a.email, l.password_hash, l.email_verified_at
                FROM portal_logins l JOIN accounts a ON a.account_id = l.account_id
                WHERE l.""" + where + (lock ? " FOR UPDATE OF l" : ""))) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp verified = rs.getTimestamp(4);
                return Optional.of(new Login(rs.getString(1), rs.getString(2), rs.getString(3),
                        verified == null ? null : verified.toInstant()));
            }
        }
    }
}
