package io.inkflow.dispatcher.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.TestTls;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Mail through a real SMTP relay (GreenMail) with TLS and AUTH: the outbox's rows, rendered at delivery,
 * arrive once each as text and HTML with the right headers; a wrong password or a relay without STARTTLS is
 * a clear error and the mail stays in the outbox.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SmtpMailerIT {
    private static final URI SITE = URI.create("https://inkflow.example");

    @TempDir
    static Path dir;
    static TestSmtpServer relay;
    static TestDatabase db;

    private final Clock clock = Clock.systemUTC();
    private final MailRenderer renderer = new MailRenderer(SITE);
    private final UnsubscribeLinks links = new UnsubscribeLinks(SITE, "a-test-secret-of-at-least-32-characters");
    private SimpleMeterRegistry registry;

    @BeforeAll
    static void start() {
        relay = TestSmtpServer.start(dir);
        db = TestDatabase.start();
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void clean() {
        relay.purge();
        registry = new SimpleMeterRegistry();
        db.execute("TRUNCATE notifications, mailbox, email_opt_outs, accounts CASCADE");
        db.insertAccount("acc-1", "ada@example.com", "Ada Lovelace");
    }

    private NotificationDeliverer deliverer(Mailer mailer) {
        return new NotificationDeliverer(new Tx(db.dataSource()), mailer, renderer, links, clock, 100, 5,
                Duration.ofMillis(10), new DispatcherMetrics(registry));
    }

    private void enqueue(NotificationKind... kinds) {
        Map<String, String> values = new HashMap<>();
        for (String key : new String[] {"orderId", "serial", "model", "sku", "slot", "colour", "trackingNumber",
                "deliveryEstimate", "amount", "reason", "cancelAfter", "reasons",
                // the customer pages' mails
                "email", "token", "validFor", "points",
                // the quiet printer's mail
                "lastReport", "days"}) {
            values.put(key, key + "-1");
        }
        List<NotificationOutbox.Request> requests = Arrays.stream(kinds).map(kind -> new NotificationOutbox.Request(kind,
                kind + ":o-1", "acc-1", "o-1", values)).toList();
        new Tx(db.dataSource()).runVoid(c -> new NotificationOutbox(clock).enqueueAll(c, requests));
    }

    @Test
    void everyKindArrivesOnceAsTextAndHtmlWithTheRightHeaders() throws Exception {
        enqueue(NotificationKind.values());
        NotificationDeliverer deliverer = deliverer(new SmtpMailer(relay.settings(TestSmtpServer.PASSWORD), clock));

        assertThat(deliverer.deliverBatch()).isEqualTo(NotificationKind.values().length);
        assertThat(deliverer.deliverBatch()).isZero();

        List<MimeMessage> received = relay.received(NotificationKind.values().length);
        assertThat(received).as("subjects %s; outbox %s", received.stream().map(m -> {
            try {
                return m.getSubject() + " to " + java.util.Arrays.toString(m.getAllRecipients());
            } catch (jakarta.mail.MessagingException e) {
                return e.toString();
            }
        }).toList(), db.queryString("SELECT string_agg(kind || ':' || status || ':' || coalesce(recipient, '-'), ', ')"
                + " FROM notifications")).hasSize(NotificationKind.values().length);
        assertThat(db.queryLong("SELECT count(*) FROM notifications WHERE status = 'SENT' AND channel = 'SMTP'"))
                .isEqualTo(NotificationKind.values().length);
        for (MimeMessage mail : received) {
            NotificationKind kind = NotificationKind.valueOf(db.queryString(
                    "SELECT kind FROM notifications WHERE '<' || notification_id || '@inkflow>' = '"
                            + mail.getMessageID() + "'"));
            assertThat(mail.getFrom()[0].toString()).isEqualTo(TestSmtpServer.FROM);
            assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("ada@example.com");
            assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
            assertThat(mail.isMimeType("multipart/alternative")).as(kind.name()).isTrue();
            Multipart parts = (Multipart) mail.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            BodyPart text = parts.getBodyPart(0);
            BodyPart html = parts.getBodyPart(1);
            assertThat(text.isMimeType("text/plain")).isTrue();
            assertThat(html.isMimeType("text/html")).isTrue();
            assertThat((String) text.getContent()).startsWith("Hello Ada Lovelace,");
            assertThat((String) html.getContent()).contains("<p>Hello Ada Lovelace,</p>");
            if (kind.optional()) {
                assertThat(mail.getHeader("List-Unsubscribe", null))
                        .startsWith("<https://inkflow.example/email/unsubscribe?token=").endsWith(">");
                assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
            } else {
                assertThat(mail.getHeader("List-Unsubscribe")).as(kind.name()).isNull();
                assertThat(mail.getHeader("List-Unsubscribe-Post")).isNull();
            }
        }
        assertThat(received).extracting(MimeMessage::getSubject).contains("Your sku-1 has shipped, tracking trackingNumber-1");
        assertThat(registry.counter("dispatcher.notifications.delivered", "kind", "SHIPMENT", "channel", "SMTP").count())
                .isEqualTo(1.0);
    }

    @Test
    void optionalMailTheAccountOptedOutOfIsSkippedVisiblyAndServiceMailStillGoes() throws Exception {
        new Tx(db.dataSource()).runVoid(c -> new EmailPreferences().optOut(c, "acc-1", EmailPreferences.ALL_OPTIONAL,
                clock.instant()));
        enqueue(NotificationKind.NON_GENUINE_CARTRIDGE, NotificationKind.SHIPMENT);

        assertThat(deliverer(new SmtpMailer(relay.settings(TestSmtpServer.PASSWORD), clock)).deliverBatch()).isEqualTo(2);

        assertThat(relay.received(1)).extracting(MimeMessage::getSubject).singleElement().asString().contains("shipped");
        assertThat(db.queryString("SELECT status || ': ' || last_error FROM notifications"
                + " WHERE kind = 'NON_GENUINE_CARTRIDGE'")).isEqualTo("SKIPPED: the account opted out of NON_GENUINE_CARTRIDGE");
        assertThat(registry.counter("dispatcher.notifications.skipped", "kind", "NON_GENUINE_CARTRIDGE").count())
                .isEqualTo(1.0);
    }

    @Test
    void aWrongPasswordIsAClearErrorAndTheMailStaysInTheOutboxToBeRetried() {
        SmtpMailer wrong = new SmtpMailer(relay.settings("not-the-password"), clock);
        assertThatThrownBy(wrong::verify).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("authentication failed for user mailer")
                .hasMessageContaining("DISPATCHER_SMTP_PASSWORD");
        enqueue(NotificationKind.SHIPMENT);

        assertThat(deliverer(wrong).deliverBatch()).isEqualTo(1);

        assertThat(relay.received()).isEmpty();
        assertThat(db.queryString("SELECT status || ' ' || attempts FROM notifications")).isEqualTo("PENDING 1");
        assertThat(db.queryString("SELECT last_error FROM notifications")).contains("authentication failed");
        assertThat(registry.counter("dispatcher.notifications.failed", "kind", "SHIPMENT").count()).isEqualTo(1.0);

        // once the password is right, the retry delivers it
        NotificationDeliverer fixed = deliverer(new SmtpMailer(relay.settings(TestSmtpServer.PASSWORD), clock));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixed.deliverBatch() == 1);
        assertThat(relay.received(1)).hasSize(1);
        assertThat(db.queryString("SELECT status || ' ' || attempts FROM notifications")).isEqualTo("SENT 2");
    }

    @Test
    void startTlsIsNegotiatedBeforeAuthAndTheMailArrives() throws Exception {
        // SubEthaSMTP refuses AUTH and MAIL before STARTTLS and mail before AUTH: delivery proves both
        List<byte[]> received = new CopyOnWriteArrayList<>();
        SMTPServer starttlsRelay = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost").enableTLS().requireTLS()
                .startTlsSocketFactory(TestTls.serving(TestTls.keystore(Files.createTempDirectory(dir, "starttls"))))
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                    if (!TestSmtpServer.USER.equals(user) || !TestSmtpServer.PASSWORD.equals(password)) {
                        throw new LoginFailedException();
                    }
                })).requireAuth()
                .messageHandler((context, from, to, data) -> received.add(data)).build();
        starttlsRelay.start();
        try {
            SmtpMailer mailer = new SmtpMailer(new SmtpSettings("127.0.0.1", starttlsRelay.getPortAllocated(),
                    SmtpSettings.Tls.STARTTLS, TestSmtpServer.USER, TestSmtpServer.PASSWORD, TestSmtpServer.FROM,
                    "127.0.0.1", Duration.ofSeconds(5)), clock);
            mailer.verify();
            enqueue(NotificationKind.SHIPMENT);

            assertThat(deliverer(mailer).deliverBatch()).isEqualTo(1);

            assertThat(received).hasSize(1);
            MimeMessage mail = new MimeMessage(null, new ByteArrayInputStream(received.getFirst()));
            assertThat(mail.getSubject()).isEqualTo("Your sku-1 has shipped, tracking trackingNumber-1");
            assertThat(mail.isMimeType("multipart/alternative")).isTrue();
            assertThat(db.queryString("SELECT status FROM notifications")).isEqualTo("SENT");
        } finally {
            starttlsRelay.stop();
        }
    }

    @Test
    void aRelayThatDoesNotOfferStartTlsIsAClearErrorAndTheMailStaysInTheOutbox() {
        SmtpMailer starttls = new SmtpMailer(new SmtpSettings("127.0.0.1", relay.plainPort(), SmtpSettings.Tls.STARTTLS,
                TestSmtpServer.USER, TestSmtpServer.PASSWORD, TestSmtpServer.FROM, null, Duration.ofSeconds(5)), clock);
        assertThatThrownBy(starttls::verify).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not offer STARTTLS");
        enqueue(NotificationKind.ORDER_CONFIRMATION);

        deliverer(starttls).deliverBatch();

        assertThat(relay.received()).isEmpty();
        assertThat(db.queryString("SELECT status FROM notifications")).isEqualTo("PENDING");
        assertThat(db.queryString("SELECT last_error FROM notifications")).contains("STARTTLS");
    }

    @Test
    void mailToAnAccountThatIsGoneIsParkedNotRetried() {
        enqueue(NotificationKind.SHIPMENT);
        db.execute("DELETE FROM accounts");

        deliverer(new SmtpMailer(relay.settings(TestSmtpServer.PASSWORD), clock)).deliverBatch();

        assertThat(db.queryString("SELECT status || ': ' || last_error FROM notifications"))
                .isEqualTo("PARKED: no recipient: the account does not exist");
        assertThat(relay.received()).isEmpty();
    }
}
