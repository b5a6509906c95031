package io.inkflow.dispatcher.portal.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Throttles password guessing: failed sign-ins are recorded per account (the normalised e-mail, whether
 * or not an account has it, so the answer tells nothing) and per client address, and counted over a
 * sliding window. Past either limit, sign-in is refused without checking the password until old failures
 * leave the window. A successful sign-in clears the account's count.
 */
public final class SignInThrottle {
    private final Duration window;
    private final int maxPerAccount;
    private final int maxPerAddress;

    public SignInThrottle(Duration window, int maxPerAccount, int maxPerAddress) {
        this.window = window;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
    }

    public Duration window() {
        return window;
    }

    public boolean blocked(Connection c, String email, String address, Instant now) throws SQLException {
        Instant since = now.minus(window);
        return count(c, accountSubject(email), since) >= maxPerAccount
                || count(c, addressSubject(address), since) >= maxPerAddress;
    }

    public void failed(Connection c, String email, String address, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO portal_signin_failures (subject, failed_at) VALUES (?, ?), (?, ?)")) {
            insert.setString(1, accountSubject(email));
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setString(3, addressSubject(address));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    public void succeeded(Connection c, String email) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM portal_signin_failures WHERE subject = ?")) {
            delete.setString(1, accountSubject(email));
            delete.executeUpdate();
        }
    }

    /** Forgets failures that have left the window. */
    public int purge(Connection c, Instant now) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM portal_signin_failures WHERE failed_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(window)));
            return delete.executeUpdate();
        }
    }

    private static int count(Connection c, String subject, Instant since) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT count(*) FROM portal_signin_failures WHERE subject = ? AND failed_at > ?")) {
            select.setString(1, subject);
            select.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String accountSubject(String email) {
        return "account:" + Logins.normalize(email);
    }

    private static String addressSubject(String address) {
        return "address:" + address;
    }
}
