package io.inkflow.dispatcher.portal.auth;

import io.inkflow.dispatcher.account.Ids;
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
 * Opening an account, confirming its e-mail address and signing in. Every method runs in the caller's
 * transaction; the slow password hash is computed by the caller before it begins.
 */
public final class AccountAccess {
    public static final Duration VERIFICATION_VALID = Duration.ofHours(24);
    private static final Duration RESEND_PAUSE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(AccountAccess.class);

    private final AuthParts parts;
    private final Passwords passwords;

    public AccountAccess(AuthParts parts, Passwords passwords) {
        this.parts = parts;
        this.passwords = passwords;
    }

    /** The outcome of a sign-in. */
    public sealed interface SignIn {
        /** {@code sessionToken} goes into the cookie. */
        record SignedIn(String accountId, String sessionToken) implements SignIn {
            @Override
            public String toString() {
                return "SignedIn[accountId=" + accountId + "]";
            }
        }

        record Refused() implements SignIn {
        }

        record Throttled() implements SignIn {
        }
    }

    /**
     * Opens an account without address or payment method (the pages ask for both before a printer is
     * registered), with its sign-in, and sends the confirmation link; empty when the e-mail is taken.
     */
    public Optional<String> signUp(Connection c, String name, String email, String passwordHash, Instant now)
            throws SQLException {
        if (parts.logins().taken(c, email)) {
            return Optional.empty();
        }
        String accountId = Ids.random("acc");
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO accounts (account_id, email, name, plan_status, created_at, updated_at)
                VALUES (?, ?, ?, 'ACTIVE', ?, ?)""")) {
            insert.setString(1, accountId);
            insert.setString(2, email);
            insert.setString(3, name);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
        parts.logins().insert(c, accountId, email, passwordHash, now);
        sendVerification(c, accountId, email, now, true);
        log.info("Customer signed up [accountId={}]", accountId);
        return Optional.of(accountId);
    }

    /**
     * A new confirmation link to the address (older links stop working); a resend ({@code force} false)
     * within a minute of the last link sends nothing and answers false.
     */
    public boolean sendVerification(Connection c, String accountId, String email, Instant now, boolean force)
            throws SQLException {
        if (!force && parts.tokens().issuedAfter(c, accountId, Purpose.VERIFY_EMAIL, now.minus(RESEND_PAUSE))) {
            return false;
        }
        parts.tokens().revokeAll(c, accountId, Purpose.VERIFY_EMAIL, now);
        String token = parts.tokens().issue(c, Purpose.VERIFY_EMAIL, accountId, email, now.plus(VERIFICATION_VALID), now);
        parts.notifications().enqueue(c, new NotificationOutbox.Request(NotificationKind.EMAIL_VERIFICATION,
                "email-verification:" + OneTimeTokens.reference(token), accountId, null,
                Map.of("email", email, "token", token, "validFor", "24 hours")));
        return true;
    }

    /** Confirms the address the token was sent to, if it is still the account's address. */
    public Lookup verify(Connection c, String token, Instant now) throws SQLException {
        Lookup lookup = parts.tokens().redeem(c, Purpose.VERIFY_EMAIL, token, now);
        if (lookup instanceof Lookup.Valid valid) {
            Optional<Logins.Login> login = parts.logins().lock(c, valid.accountId());
            if (login.isEmpty() || !Logins.normalize(login.get().email()).equals(valid.email())) {
                return new Lookup.Expired(); // sent to an address the account no longer has
            }
            parts.logins().markVerified(c, valid.accountId(), now);
            log.info("E-mail address verified [accountId={}]", valid.accountId());
        }
        return lookup;
    }

    /**
     * Checks the password, unless the e-mail or the client address has failed too often within the
     * window; failures are recorded (the caller commits them whatever the outcome).
     */
    public SignIn signIn(Connection c, String email, String password, String clientAddress, Instant now)
            throws SQLException {
        if (parts.throttle().blocked(c, email, clientAddress, now)) {
            log.warn("Sign-in throttled [address={}]", clientAddress);
            return new SignIn.Throttled();
        }
        Optional<Logins.Login> login = parts.logins().byEmail(c, email);
        boolean matches;
        if (login.isPresent()) {
            matches = passwords.matches(password, login.get().passwordHash());
        } else {
            passwords.checkDecoy(password);
            matches = false;
        }
        if (!matches) {
            parts.throttle().failed(c, email, clientAddress, now);
            return new SignIn.Refused();
        }
        parts.throttle().succeeded(c, email);
        String accountId = login.get().accountId();
        return new SignIn.SignedIn(accountId, parts.sessions().create(c, accountId, now));
    }
}
