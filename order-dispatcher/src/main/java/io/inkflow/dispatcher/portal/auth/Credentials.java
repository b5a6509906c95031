package io.inkflow.dispatcher.portal.auth;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens.Lookup;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens.Purpose;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password reset by e-mailed token, password change and e-mail change. Each runs in the caller's
 * transaction and tells the customer by e-mail (security mails: always sent).
 */
public final class Credentials {
    public static final Duration RESET_VALID = Duration.ofMinutes(30);
    private static final Duration RESEND_PAUSE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    private final AuthParts parts;
    private final AccountAccess access;

    public Credentials(AuthParts parts, AccountAccess access) {
        this.parts = parts;
        this.access = access;
    }

    /**
     * Sends a reset link when an account has the address (at most one a minute). The page says the same
     * whether or not one has, so the form cannot be used to find out who has an account.
     */
    public void requestReset(Connection c, String email, Instant now) throws SQLException {
        Optional<Logins.Login> login = parts.logins().byEmail(c, email);
        if (login.isEmpty() || parts.tokens().issuedAfter(c, login.get().accountId(), Purpose.RESET_PASSWORD,
                now.minus(RESEND_PAUSE))) {
            return;
        }
        String accountId = login.get().accountId();
        parts.tokens().revokeAll(c, accountId, Purpose.RESET_PASSWORD, now);
        String token = parts.tokens().issue(c, Purpose.RESET_PASSWORD, accountId, login.get().email(), now.plus(RESET_VALID),
                now);
        parts.notifications().enqueue(c, new NotificationOutbox.Request(NotificationKind.PASSWORD_RESET,
                "password-reset:" + OneTimeTokens.reference(token), accountId, null,
                Map.of("token", token, "validFor", "30 minutes")));
        log.info("Password reset link sent [accountId={}]", accountId);
    }

    /**
     * Sets the password from a reset link: the link is used up, every session ends, failed sign-ins are
     * forgotten, and the address counts as confirmed (the link proved it is the customer's).
     */
    public Lookup reset(Connection c, String token, String passwordHash, Instant now) throws SQLException {
        Lookup lookup = parts.tokens().redeem(c, Purpose.RESET_PASSWORD, token, now);
        if (lookup instanceof Lookup.Valid valid) {
            Optional<Logins.Login> login = parts.logins().lock(c, valid.accountId());
            if (login.isEmpty() || !Logins.normalize(login.get().email()).equals(valid.email())) {
                return new Lookup.Expired();
            }
            parts.logins().setPassword(c, valid.accountId(), passwordHash, now);
            parts.logins().markVerified(c, valid.accountId(), now);
            parts.sessions().deleteAll(c, valid.accountId(), null);
            parts.throttle().succeeded(c, valid.email());
            passwordChangedMail(c, valid.accountId(), now);
            log.info("Password reset [accountId={}]", valid.accountId());
        }
        return lookup;
    }

    /** Sets a new password for a signed-in customer; every other session of the account ends. */
    public void changePassword(Connection c, String accountId, String passwordHash, String keepSession, Instant now)
            throws SQLException {
        parts.logins().setPassword(c, accountId, passwordHash, now);
        parts.sessions().deleteAll(c, accountId, keepSession);
        parts.tokens().revokeAll(c, accountId, Purpose.RESET_PASSWORD, now);
        passwordChangedMail(c, accountId, now);
        log.info("Password changed [accountId={}]", accountId);
    }

    /**
     * Moves the account to a new e-mail address, which must be confirmed again: mail goes to the new address
     * from now on (the outbox renders every mail for the account's current address, so the old address cannot
     * be told; see docs/portal.md).
     *
     * @return false when another account has the address
     */
    public boolean changeEmail(Connection c, String accountId, String newEmail, Instant now) throws SQLException {
        Optional<Logins.Login> other = parts.logins().byEmail(c, newEmail);
        if (other.isPresent() && !other.get().accountId().equals(accountId)) {
            return false;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE accounts SET email = ?, updated_at = ? WHERE account_id = ?")) {
            update.setString(1, newEmail);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, accountId);
            update.executeUpdate();
        }
        parts.logins().changeEmail(c, accountId, newEmail);
        parts.tokens().revokeAll(c, accountId, Purpose.VERIFY_EMAIL, now);
        parts.tokens().revokeAll(c, accountId, Purpose.RESET_PASSWORD, now);
        access.sendVerification(c, accountId, newEmail, now, true);
        log.info("E-mail address changed [accountId={}]", accountId);
        return true;
    }

    private void passwordChangedMail(Connection c, String accountId, Instant now) throws SQLException {
        parts.notifications().enqueue(c, new NotificationOutbox.Request(NotificationKind.PASSWORD_CHANGED,
                "password-changed:" + accountId + ":" + now.toEpochMilli(), accountId, null,
                Map.of()));
    }
}
