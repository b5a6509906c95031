package io.inkflow.dispatcher.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.persistence.Tx;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-click unsubscribe endpoint on a real HTTP server and database. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnsubscribeIT {
    private static final UnsubscribeLinks LINKS = new UnsubscribeLinks(URI.create("https://inkflow.example"),
            "a-test-secret-of-at-least-32-characters");

    static TestDatabase db;
    static Javalin app;
    static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        app = Javalin.create(config -> config.showJavalinBanner = false);
        new UnsubscribeRoutes(new Tx(db.dataSource()), LINKS, new EmailPreferences(),
                new MailRenderer(URI.create("https://inkflow.example")), Clock.systemUTC()).register(app);
        app.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void account() {
        db.execute("TRUNCATE email_opt_outs, accounts CASCADE");
        db.insertAccount("acc-1", "ada@example.com", "Ada Lovelace");
    }

    private String link() {
        URI link = LINKS.link("acc-1", NotificationKind.NON_GENUINE_CARTRIDGE);
        return base + link.getRawPath() + "?" + link.getRawQuery();
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long optOuts(String scope) {
        return db.queryLong("SELECT count(*) FROM email_opt_outs WHERE account_id = 'acc-1' AND scope = '" + scope + "'");
    }

    @Test
    void openingTheLinkOnlyAsksAndChangesNothing() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.body()).contains("Stop sending <strong>non genuine cartridge emails</strong>",
                "<form method=\"post\"", "name=\"List-Unsubscribe\" value=\"One-Click\"", "value=\"ALL_OPTIONAL\"");
        assertThat(db.queryLong("SELECT count(*) FROM email_opt_outs")).isZero();
    }

    @Test
    void theOneClickPostOptsOutOfTheLinksKind() throws Exception {
        HttpResponse<String> done = post(link(), "List-Unsubscribe=One-Click");

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("we no longer send <strong>non genuine cartridge emails</strong>");
        assertThat(optOuts("NON_GENUINE_CARTRIDGE")).isEqualTo(1);
        assertThat(post(link(), "List-Unsubscribe=One-Click").statusCode()).as("idempotent").isEqualTo(200);
        assertThat(optOuts("NON_GENUINE_CARTRIDGE")).isEqualTo(1);
    }

    @Test
    void thePageCanStopAllOptionalMail() throws Exception {
        assertThat(post(link(), "scope=ALL_OPTIONAL").body()).contains("all optional emails");
        assertThat(optOuts(EmailPreferences.ALL_OPTIONAL)).isEqualTo(1);
        assertThat(optOuts("NON_GENUINE_CARTRIDGE")).isZero();
    }

    @Test
    void aForgedOrBrokenTokenIsRefused() throws Exception {
        String forged = base + UnsubscribeLinks.PATH + "?token=" + LINKS.token("acc-1", "NON_GENUINE_CARTRIDGE") + "x";
        assertThat(post(forged, "List-Unsubscribe=One-Click").statusCode()).isEqualTo(400);
        String serviceScope = base + UnsubscribeLinks.PATH + "?token=" + LINKS.token("acc-1", "SHIPMENT");
        assertThat(post(serviceScope, "List-Unsubscribe=One-Click").statusCode()).isEqualTo(400);
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + UnsubscribeLinks.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("not valid");
        assertThat(db.queryLong("SELECT count(*) FROM email_opt_outs")).isZero();
    }
}
