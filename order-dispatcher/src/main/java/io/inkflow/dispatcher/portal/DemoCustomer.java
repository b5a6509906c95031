package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.auth.AccountAccess;
import io.inkflow.dispatcher.portal.auth.AuthParts;
import io.inkflow.dispatcher.portal.auth.Logins;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens;
import io.inkflow.dispatcher.portal.auth.Passwords;
import io.inkflow.dispatcher.portal.auth.Sessions;
import io.inkflow.dispatcher.portal.auth.SignInThrottle;
import io.inkflow.dispatcher.portal.book.AddressBook;
import io.inkflow.dispatcher.portal.book.PaymentMethods;
import io.inkflow.dispatcher.portal.book.SandboxCards;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A ready-made customer for the local stack: signed up, e-mail confirmed, with a default address and a
 * sandbox card, so a newcomer can sign in and register a printer at once. Kept as it is when it exists.
 */
public final class DemoCustomer {
    private DemoCustomer() {
    }

    /** The account id of the demo customer, created when no account signs in with {@code email}. */
    public static String ensure(DataSource dataSource, String name, String email, String password, Clock clock) {
        Tx tx = new Tx(dataSource);
        Logins logins = new Logins();
        Optional<Logins.Login> existing = tx.run(c -> logins.byEmail(c, email));
        if (existing.isPresent()) {
            return existing.get().accountId();
        }
        Passwords passwords = new Passwords(new DeviceSecrets());
        String hash = passwords.hash(password);
        AuthParts parts = new AuthParts(logins, new OneTimeTokens(), new Sessions(Duration.ofMinutes(30),
                Duration.ofHours(12)), new SignInThrottle(Duration.ofMinutes(15), 5, 20), new NotificationOutbox(clock));
        AccountStore accounts = new AccountStore();
        Instant now = clock.instant();
        return tx.run(c -> {
            String accountId = new AccountAccess(parts, passwords).signUp(c, name, email, hash, now).orElseThrow();
            logins.markVerified(c, accountId, now);
            new AddressBook(accounts).add(c, accountId, new AddressBook.NewAddress("Home", name, "1 Demo Street",
                    null, "Springfield", "IL", "62701", "US", null), now);
            SandboxCards card = SandboxCards.VISA_4242;
            new PaymentMethods(accounts).add(c, accountId, new PaymentMethods.NewMethod(card.token(), card.brand(),
                    card.last4(), 12, now.atZone(ZoneOffset.UTC).getYear() + 3, "Demo card"), now);
            return accountId;
        });
    }
}
