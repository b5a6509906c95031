package io.inkflow.dispatcher.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which optional mail each account opted out of ({@code email_opt_outs}): one optional kind, or
 * {@link #ALL_OPTIONAL}. Service mail cannot be opted out of. The deliverer reads these at delivery time;
 * the unsubscribe link and the account's email settings write them.
 */
public final class EmailPreferences {
    /** The scope that stops every optional kind, present and future. */
    public static final String ALL_OPTIONAL = "ALL_OPTIONAL";

    /** True for {@link #ALL_OPTIONAL} and the name of an optional kind. */
    public static boolean validScope(String scope) {
        if (ALL_OPTIONAL.equals(scope)) {
            return true;
        }
        for (NotificationKind kind : NotificationKind.values()) {
            if (kind.optional() && kind.name().equals(scope)) {
                return true;
            }
        }
        return false;
    }

    /** Stops the scope's mail for the account; a no-op when already stopped or the account is gone. */
    public void optOut(Connection c, String accountId, String scope, Instant now) throws SQLException {
        requireValid(scope);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO email_opt_outs (account_id, scope, opted_out_at)
                SELECT account_id, ?, ? FROM accounts WHERE account_id = ?
                ON CONFLICT (account_id, scope) DO NOTHING""")) {
            ps.setString(1, scope);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, accountId);
            ps.executeUpdate();
        }
    }

    /** Sends the scope's mail again. */
    public void optIn(Connection c, String accountId, String scope) throws SQLException {
        requireValid(scope);
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM email_opt_outs WHERE account_id = ? AND scope = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, scope);
            ps.executeUpdate();
        }
    }

    /** The scopes the account opted out of. */
    public Set<String> optOuts(Connection c, String accountId) throws SQLException {
        Set<String> scopes = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT scope FROM email_opt_outs WHERE account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scopes.add(rs.getString(1));
                }
            }
        }
        return scopes;
    }

    private static void requireValid(String scope) {
        if (!validScope(scope)) {
            throw new IllegalArgumentException("Not an optional mail scope: " + scope);
        }
    }
}
