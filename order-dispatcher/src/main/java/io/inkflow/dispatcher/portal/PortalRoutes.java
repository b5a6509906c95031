package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.EmailPreferences;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.auth.AccountAccess;
import io.inkflow.dispatcher.portal.auth.AuthParts;
import io.inkflow.dispatcher.portal.auth.Credentials;
import io.inkflow.dispatcher.portal.auth.Logins;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens;
import io.inkflow.dispatcher.portal.auth.Passwords;
import io.inkflow.dispatcher.portal.auth.Sessions;
import io.inkflow.dispatcher.portal.auth.SignInThrottle;
import io.inkflow.dispatcher.portal.book.AddressBook;
import io.inkflow.dispatcher.portal.book.Delivery;
import io.inkflow.dispatcher.portal.book.PaymentMethods;
import io.inkflow.dispatcher.portal.book.Profiles;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.dispatcher.portal.orders.CustomerOrders;
import io.inkflow.dispatcher.portal.printers.CustomerPrinters;
import io.inkflow.dispatcher.portal.printers.PrinterPlans;
import io.inkflow.dispatcher.portal.products.ProductPoints;
import io.inkflow.dispatcher.portal.products.ProductRegistrations;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.Javalin;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer pages: everything they need, built with {@code new} in dependency order and registered on
 * the dispatcher's Javalin app, next to the JSON API and on the same database, stores and rules.
 */
public final class PortalRoutes {
    private static final Logger log = LoggerFactory.getLogger(PortalRoutes.class);

    private final Tx tx;
    private final Clock clock;
    private final Sessions sessions;
    private final SignInThrottle throttle;

    /**
     * @param sandboxCards the payment provider is the sandbox, whose test cards the pages can save; with a live
     *                     provider cards are added through its own card field, which these pages do not embed yet
     */
    public PortalRoutes(Javalin app, Tx tx, Clock clock, PortalSettings settings, ModelCatalog catalog,
                        NotificationOutbox notifications, OrderCommands orders, DispatcherMetrics metrics,
                        boolean sandboxCards) {
        this.tx = tx;
        this.clock = clock;
        this.sessions = new Sessions(settings.sessionIdle(), settings.sessionMax());
        this.throttle = new SignInThrottle(settings.signInWindow(), settings.maxFailuresPerAccount(),
                settings.maxFailuresPerAddress());
        Pages pages = new Pages();
        PortalWeb web = new PortalWeb(app, tx, sessions, settings, pages, clock);
        Passwords passwords = new Passwords(new DeviceSecrets());
        Logins logins = new Logins();
        OneTimeTokens tokens = new OneTimeTokens();
        AuthParts auth = new AuthParts(logins, tokens, sessions, throttle, notifications);
        AccountAccess access = new AccountAccess(auth, passwords);
        Credentials credentials = new Credentials(auth, access);
        new PublicPages(web, pages, catalog).register(app);
        new AuthPages(web, pages, tx, access, credentials, tokens, sessions, passwords, metrics).register();
        AccountStore accounts = new AccountStore();
        AddressBook book = new AddressBook(accounts);
        PaymentMethods methods = new PaymentMethods(accounts);
        EnrollmentService enrollments = new EnrollmentService(catalog, new DeviceSecrets(), accounts);
        CustomerOrders customerOrders = new CustomerOrders(catalog);
        CustomerPrinters printers = new CustomerPrinters(catalog, customerOrders);
        new AccountPages(web, pages, tx, printers).register();
        new SettingsPages(web, pages, tx, new Profiles(), logins, passwords, credentials).register();
        new AddressPages(web, pages, tx, book, orders).register();
        new PaymentPages(web, pages, tx, methods, orders, sandboxCards).register();
        new RegisterPages(web, pages, tx, catalog, enrollments, book, methods, metrics).register();
        new PrinterPages(web, pages, tx, printers, new PrinterPlans(enrollments, notifications, catalog), book, methods,
                new Delivery(), orders).register();
        new OrderPages(web, pages, tx, customerOrders, new CancellationRequests(notifications)).register();
        new ProductPages(web, pages, tx, ProductPoints.bundled(), new ProductRegistrations(), notifications).register();
        new PreferencePages(web, pages, tx, new EmailPreferences()).register();
    }

    /** Deletes ended sessions and failed sign-ins that left the window; for a periodic loop. */
    public int purge() {
        try {
            int purged = tx.run(c -> sessions.purge(c, clock.instant()) + throttle.purge(c, clock.instant()));
            if (purged > 0) {
                log.debug("Portal housekeeping [purged={}]", purged);
            }
        } catch (RuntimeException e) {
            log.warn("Portal housekeeping failed", e);
        }
        return 0;
    }
}
