package io.inkflow.dispatcher.portal.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed-in sessions ({@code portal_sessions}). The cookie carries 256 random bits; the table keeps
 * their SHA-256 and the session's CSRF token. A session ends after {@code idle} without use, after
 * {@code max} in any case, at sign-out, and (all of an account's others) when its password changes.
 */
public final class Sessions {
    /** A session's last use is written at most this often, not on every page. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Duration idle;
    private final Duration max;

    public Sessions(Duration idle, Duration max) {
        this.idle = idle;
        this.max = max;
    }

    /** A session as a request sees it: who, and the token every form must carry back. */
    public record Session(String token, String accountId, String csrfToken, String name, String email,
                          boolean emailVerified) {
        @Override
        public String toString() {
            return "Session[accountId=" + accountId + "]";
        }
    }

    /** A new session for the account; returns the cookie value. */
    public String create(Connection c, String accountId, Instant now) throws SQLException {
        String token = TokenBytes.random();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO portal_sessions (session_sha256, account_id, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setBytes(1, TokenBytes.sha256(token));
            insert.setString(2, accountId);
            insert.setString(3, TokenBytes.random());
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(now.plus(max)));
            insert.executeUpdate();
        }
        return token;
    }

    /** The live session of a cookie value; an expired one is deleted and answers empty. */
    public Optional<Session> find(Connection c, String token, Instant now) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        byte[] digest = TokenBytes.sha256(token);
        try (PreparedStatement select = c.prepareStatement("""
                SELECT s.account_id, s.csrf_token, s.last_seen_at, s.expires_at, a.name, a.email, l.email_verified_at
                FROM portal_sessions s JOIN accounts a ON a.account_id = s.account_id
                JOIN portal_logins l ON l.account_id = s.account_id
                WHERE s.session_sha256 = ?""")) {
            select.setBytes(1, digest);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant lastSeen = rs.getTimestamp(3).toInstant();
                if (!now.isBefore(rs.getTimestamp(4).toInstant()) || !now.isBefore(lastSeen.plus(idle))) {
                    delete(c, token);
                    return Optional.empty();
                }
                if (!now.isBefore(lastSeen.plus(TOUCH_EVERY))) {
                    touch(c, digest, now);
                }
                return Optional.of(new Session(token, rs.getString(1), rs.getString(2), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7) != null));
            }
        }
    }

    public void delete(Connection c, String token) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM portal_sessions WHERE session_sha256 = ?")) {
            delete.setBytes(1, TokenBytes.sha256(token));
            delete.executeUpdate();
        }
    }

    /** Ends every session of the account except {@code keep} (null: all). */
    public void deleteAll(Connection c, String accountId, String keep) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("""
                DELETE FROM portal_sessions WHERE account_id = ? AND (?::bytea IS NULL OR session_sha256 <> ?)""")) {
            byte[] kept = keep == null ? null : TokenBytes.sha256(keep);
            delete.setString(1, accountId);
            delete.setBytes(2, kept);
            delete.setBytes(3, kept);
            delete.executeUpdate();
        }
    }

    /** Deletes sessions that can no longer be used. */
    public int purge(Connection c, Instant now) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM portal_sessions WHERE expires_at <= ? OR last_seen_at <= ?")) {
            delete.setTimestamp(1, Timestamp.from(now));
            delete.setTimestamp(2, Timestamp.from(now.minus(idle)));
            return delete.executeUpdate();
        }
    }

    private static void touch(Connection c, byte[] digest, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE portal_sessions SET last_seen_at = ? WHERE session_sha256 = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setBytes(2, digest);
            update.executeUpdate();
        }
    }
}
