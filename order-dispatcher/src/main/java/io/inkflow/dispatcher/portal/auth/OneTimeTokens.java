package io.inkflow.dispatcher.portal.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

/**
 * Single-use tokens sent by e-mail: 256 random bits, only their SHA-256 stored, each for one purpose,
 * one account and the address it was sent to, with an expiry. Redeeming locks the row, so two clicks of
 * one link cannot both succeed.
 */
public final class OneTimeTokens {
    /** What a token is for. */
    public enum Purpose {
        VERIFY_EMAIL, RESET_PASSWORD
    }

    /** The outcome of looking a token up. */
    public sealed interface Lookup {
        record Valid(String accountId, String email) implements Lookup {
        }

        record Expired() implements Lookup {
        }

        record Used() implements Lookup {
        }

        record Unknown() implements Lookup {
        }
    }

    /** A new token; the caller sends it, it is never stored in plain. */
    public String issue(Connection c, Purpose purpose, String accountId, String email, Instant expiresAt, Instant now)
            throws SQLException {
        String token = TokenBytes.random();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO portal_tokens (token_sha256, purpose, account_id, email_normalized, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setBytes(1, TokenBytes.sha256(token));
            insert.setString(2, purpose.name());
            insert.setString(3, accountId);
            insert.setString(4, Logins.normalize(email));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(expiresAt));
            insert.executeUpdate();
        }
        return token;
    }

    /** Looks the token up without using it (the page that asks to confirm). */
    public Lookup peek(Connection c, Purpose purpose, String token, Instant now) throws SQLException {
        return find(c, purpose, token, now, false);
    }

    /** Uses the token when it is valid: a second redemption finds it used. */
    public Lookup redeem(Connection c, Purpose purpose, String token, Instant now) throws SQLException {
        Lookup lookup = find(c, purpose, token, now, true);
        if (lookup instanceof Lookup.Valid) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE portal_tokens SET used_at = ? WHERE token_sha256 = ?")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setBytes(2, TokenBytes.sha256(token));
                update.executeUpdate();
            }
        }
        return lookup;
    }

    /** Ends every unused token of the account for the purpose (a newer one, or the password changed). */
    public void revokeAll(Connection c, String accountId, Purpose purpose, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE portal_tokens SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL""")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, accountId);
            update.setString(3, purpose.name());
            update.executeUpdate();
        }
    }

    /** True when a token of the purpose was issued to the account after {@code since} (a resend limit). */
    public boolean issuedAfter(Connection c, String accountId, Purpose purpose, Instant since) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT 1 FROM portal_tokens WHERE account_id = ? AND purpose = ? AND created_at > ? LIMIT 1""")) {
            select.setString(1, accountId);
            select.setString(2, purpose.name());
            select.setTimestamp(3, Timestamp.from(since));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A short, stable reference of a token for notification dedupe keys (never the token itself). */
    public static String reference(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(TokenBytes.sha256(token)).substring(0, 16);
    }

    private Lookup find(Connection c, Purpose purpose, String token, Instant now, boolean lock) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return new Lookup.Unknown();
        }
        try (PreparedStatement select = c.prepareStatement("""
                SELECT account_id, email_normalized, expires_at, used_at FROM portal_tokens
                WHERE token_sha256 = ? AND purpose = ?""" + (lock ? " FOR UPDATE" : ""))) {
            select.setBytes(1, TokenBytes.sha256(token));
            select.setString(2, purpose.name());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new Lookup.Unknown();
                }
                if (rs.getTimestamp(4) != null) {
                    return new Lookup.Used();
                }
                if (!rs.getTimestamp(3).toInstant().isAfter(now)) {
                    return new Lookup.Expired();
                }
                return new Lookup.Valid(rs.getString(1), rs.getString(2));
            }
        }
    }
}
