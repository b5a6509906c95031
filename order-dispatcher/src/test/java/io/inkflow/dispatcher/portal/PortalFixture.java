package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.fulfilment.FulfilmentCommands;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.EmailPreferences;
import io.inkflow.dispatcher.notify.MailRenderer;
import io.inkflow.dispatcher.notify.MailboxMailer;
import io.inkflow.dispatcher.notify.NotificationDeliverer;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.notify.UnsubscribeLinks;
import io.inkflow.dispatcher.notify.UnsubscribeRoutes;
import io.inkflow.dispatcher.persistence.InventoryStore;
import io.inkflow.dispatcher.persistence.OrderEventLog;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.MutableClock;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The customer pages on a real embedded PostgreSQL (every migration applied) and a real Jetty, with a clock
 * the test moves. One per test class.
 */
final class PortalFixture implements AutoCloseable {
    private static final AtomicInteger FAILED = new AtomicInteger();
    static final String PASSWORD = "correct horse battery";
    static final URI SITE = URI.create("http://portal.test");

    final TestDatabase db = TestDatabase.start();
    final MutableClock clock = new MutableClock();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DispatcherMetrics metrics = new DispatcherMetrics(registry);
    final Tx tx = new Tx(db.dataSource());
    final NotificationOutbox outbox = new NotificationOutbox(clock);
    /** The real order commands on the test database: what the pages do to orders is checked in PostgreSQL. */
    final FulfilmentCommands orders = new FulfilmentCommands(new OrderStore(new OrderEventLog(Topics.ORDER_EVENTS),
            metrics), new InventoryStore(), new PaymentAttempts(), new Shipments(), outbox, clock, metrics);
    /** Delivers the outbox into the mailbox table as the dispatcher does, honouring opt-outs. */
    final MailRenderer renderer = new MailRenderer(SITE);
    final UnsubscribeLinks unsubscribeLinks = new UnsubscribeLinks(SITE, "portal-test-unsubscribe-secret-0123456789");
    final NotificationDeliverer deliverer = new NotificationDeliverer(tx, new MailboxMailer(clock), renderer,
            unsubscribeLinks, clock, 100, 3, Duration.ofMillis(10), metrics);
    final Javalin app;

    PortalFixture(Map<String, String> env) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        new PortalRoutes(app, tx, clock, PortalSettings.fromEnv(env), ModelCatalog.bundled(), outbox, orders, metrics,
                true);
        new UnsubscribeRoutes(tx, unsubscribeLinks, new EmailPreferences(), renderer, clock).register(app);
        app.start("127.0.0.1", 0);
    }

    PortalFixture() {
        this(Map.of());
    }

    PortalClient client() {
        return new PortalClient(app.port());
    }

    /** Signs up through the pages; returns the new account's id. */
    String signUp(PortalClient client, String name, String email) {
        PortalClient.Page form = client.get("/sign-up");
        PortalClient.Page done = client.submit(form, "form[action=/sign-up]",
                Map.of("name", name, "email", email, "password", PASSWORD, "terms", "yes"));
        assertThat(done.path()).startsWith("/account");
        return accountOf(email);
    }

    /** Signs up and opens the confirmation link from the mail, as the customer would. */
    String verifiedCustomer(PortalClient client, String name, String email) {
        String accountId = signUp(client, name, email);
        PortalClient.Page confirm = client.get(linkIn("EMAIL_VERIFICATION", accountId));
        client.submit(confirm, "form[action=/verify-email]", Map.of());
        return accountId;
    }

    /** A verified customer with a default address ("1 Default Street") and a default Visa card. */
    String readyCustomer(PortalClient client, String name, String email) {
        String accountId = verifiedCustomer(client, name, email);
        client.submit(client.get("/account/addresses/new"), "form[action=/account/addresses/new]", Map.of(
                "label", "Home", "name", name, "line1", "1 Default Street", "city", "London", "postalCode", "N1 1AA",
                "country", "GB"));
        client.submit(client.get("/account/payment-methods/new"), "form[action=/account/payment-methods/new]",
                Map.of("card", "VISA_4242", "expMonth", "12", "expYear", String.valueOf(java.time.Year.now().getValue() + 2)));
        return accountId;
    }

    /** Registers a printer through the page; returns the page that shows the pairing secret. */
    PortalClient.Page register(PortalClient client, String model, String serial, String channel) {
        return client.submit(client.get("/account/printers/new"), "form[action=/account/printers/new]",
                Map.of("model", model, "serial", serial, "channel", channel, "terms", "yes"));
    }

    PortalClient.Page signIn(PortalClient client, String email, String password) {
        PortalClient.Page form = client.get("/sign-in");
        return client.submit(form, "form[action=/sign-in]", Map.of("email", email, "password", password));
    }

    /** An order of the account whose payment was declined, as fulfilment leaves it; returns its id. */
    String failedPayment(String accountId) {
        String orderId = "ord-failed-" + FAILED.incrementAndGet();
        db.execute("""
                INSERT INTO orders (order_id, serial, model, enrollment_id, account_id, channel, slot, sku,
                    depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence, state,
                    payment_failed_at, next_attempt_at, created_at, ingested_at, updated_at)
                VALUES ('%s', 'KMFAIL-1', 'pixma-ts8320', 'enr-fail', '%s', 'CANON', 'BK', 'CLI-281 BK', 1, 'THRESHOLD',
                    10, 12, 7, 'PAYMENT_FAILED', now(), now(), now(), now(), now())""".formatted(orderId, accountId));
        return orderId;
    }

    /** The order's state and payment attempt, as "STATE/attempt". */
    String stateAndAttempt(String orderId) {
        return db.queryString("SELECT state || '/' || payment_attempt FROM orders WHERE order_id = '" + orderId + "'");
    }

    String accountOf(String email) {
        return db.queryString("SELECT account_id FROM portal_logins WHERE email_normalized = '"
                + email.toLowerCase() + "'");
    }

    /** The path and query of the link in the account's newest mail of that kind, as the mail renders it. */
    String linkIn(String kind, String accountId) {
        String token = db.queryString("SELECT template_values->>'token' FROM notifications WHERE kind = '" + kind
                + "' AND account_id = '" + accountId + "' ORDER BY created_at DESC, notification_id LIMIT 1");
        assertThat(token).as("a token in the newest " + kind).isNotNull();
        return (kind.equals("PASSWORD_RESET") ? "/reset-password" : "/verify-email") + "?token=" + token;
    }

    /** The values the newest notification of that kind carries (rendered into the mail at delivery). */
    String lastMail(String kind, String accountId) {
        return db.queryString("SELECT template_values::text FROM notifications WHERE kind = '" + kind
                + "' AND account_id = '" + accountId + "' ORDER BY created_at DESC, notification_id LIMIT 1");
    }

    /** Delivers everything due and returns the delivered body of the account's newest mail of that kind. */
    String delivered(String kind, String accountId) {
        while (deliverer.deliverBatch() > 0) {
            // until the outbox is drained
        }
        return db.queryString("SELECT m.body FROM mailbox m JOIN notifications n USING (notification_id) WHERE m.kind = '"
                + kind + "' AND m.account_id = '" + accountId + "' ORDER BY n.created_at DESC LIMIT 1");
    }

    long mails(String kind, String accountId) {
        return db.queryLong("SELECT count(*) FROM notifications WHERE kind = '" + kind + "' AND account_id = '"
                + accountId + "'");
    }

    @Override
    public void close() {
        app.stop();
        db.close();
    }
}
