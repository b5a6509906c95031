package io.inkflow.stack.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Json;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.stack.LocalStack;
import io.inkflow.stack.LocalStackConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriverException;

/**
 * A customer's whole journey in real headless Chromium against the real stack (Kafka broker, PostgreSQL,
 * gateway, streams, dispatcher): sign up, confirm the e-mail from the mailbox, add an address and a card,
 * register a printer, pair a real MQTT client with the pairing secret (activation e-mail), let its toner run
 * low, watch the order appear and then show its tracking number, change the printer's address, opt out of
 * optional mail and cancel the printer's plan. axe-core checks every page on the way: no serious or critical
 * violation. Screenshots in {@code target/portal-e2e/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PortalBrowserIT {
    private static final String EMAIL = "joan.e2e@example.com";
    private static final String PASSWORD = "a long enough passphrase";
    private static final String SERIAL = "E2EPORTAL-0001";
    private static final Pattern VERIFY_LINK = Pattern.compile("/verify-email\\?token=[A-Za-z0-9_-]+");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profileDir;
    private LocalStack stack;
    private Chromium browser;
    private final AtomicLong sequence = new AtomicLong();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("LOCAL_STACK_DATA_DIR", dataDir.toString());
        for (String port : List.of("KAFKA", "MQTT", "HTTP", "GATEWAY_HTTP", "STREAMS_HTTP")) {
            env.put("LOCAL_STACK_" + port + "_PORT", "0");
        }
        env.put("LOCAL_STACK_PARTITIONS", "2");
        env.put("LOCAL_STACK_PRINTERS", "0");
        stack = LocalStack.start(LocalStackConfig.fromEnv(env));
        browser = Chromium.start("http://127.0.0.1:" + stack.httpPort(), profileDir);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCustomerSignsUpRegistersAPrinterGetsItsOrderAndManagesItsPlan() throws Exception {
        publicPages();
        String accountId = signUpAndConfirm();
        addAddressAndCard();
        String secret = registerPrinter();

        MqttClient printer = connect(secret);
        try {
            report(printer, 40);
            eventually().until(() -> mail(accountId, "PRINTER_ACTIVATED") != null);
            eventually().untilAsserted(() -> {
                browser.open("/account");
                assertThat(browser.text(".card .tag")).isEqualTo("In Auto Replenishment");
            });
            browser.checkAccessibility("overview, printer active");
            Thread.sleep(6_000); // beyond the local stack's 5 s status interval, so the low level shows at once
            report(printer, 12);
            report(printer, 8);
            // the printer's next regular report: levels held back by the status interval go out with it
            Thread.sleep(6_000);
            report(printer, 8);
        } finally {
            printer.disconnect();
            printer.close();
        }

        eventually().untilAsserted(() -> {
            browser.open("/account/orders");
            assertThat(browser.text("#orders tbody tr")).contains("Cartridge 057", SERIAL);
        });
        browser.checkAccessibility("orders");
        eventually().untilAsserted(() -> {
            browser.refresh();
            assertThat(browser.text("#orders tbody tr .tracking")).isNotEqualTo("–").isNotBlank();
        });
        String tracking = query("SELECT tracking_number FROM orders WHERE serial = ?", SERIAL);
        assertThat(browser.text("#orders tbody tr")).contains(tracking, "Shipped");
        browser.screenshot("07-orders-with-tracking");
        eventually().untilAsserted(() -> {
            browser.open("/account");
            assertThat(browser.text(".card table")).contains("8 %", "Low");
        });
        browser.screenshot("08-overview-low-toner");

        changePrinterAddress(accountId);
        optOutOfOptionalMail(accountId);
        cancelPlan(accountId);
        otherPages();

        assertThat(browser.checkedPages()).hasSizeGreaterThanOrEqualTo(27);
        assertThat(browser.violations()).as("serious or critical accessibility violations on "
                + browser.checkedPages()).isEmpty();
    }

    private void publicPages() throws Exception {
        assertThat(browser.blockingViolationsOf("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body>"
                + "<main><h1>Form</h1><input type=\"text\"></main></body></html>"))
                .as("axe-core runs and finds an unlabelled field").anyMatch(v -> v.startsWith("label "));
        browser.open("/");
        browser.checkAccessibility("home");
        browser.screenshot("01-home");
        browser.open("/eligible-printers");
        assertThat(browser.text("#series-imageCLASS")).isEqualTo("imageCLASS");
        browser.checkAccessibility("eligible printers");
        browser.open("/how-it-works");
        browser.checkAccessibility("how it works");
        browser.open("/terms");
        browser.checkAccessibility("terms");
    }

    private String signUpAndConfirm() throws Exception {
        browser.open("/sign-up");
        browser.checkAccessibility("sign-up");
        browser.type("email", "not an address");
        browser.submit("/sign-up");
        assertThat(browser.text("#email-error")).contains("name@example.com");
        browser.checkAccessibility("sign-up with errors");
        browser.screenshot("02-sign-up-errors");
        browser.type("name", "Joan Clarke");
        browser.type("email", EMAIL);
        browser.type("password", PASSWORD);
        browser.tick("terms");
        browser.submit("/sign-up");
        assertThat(browser.path()).startsWith("/account");
        assertThat(browser.text(".banner")).contains("Please confirm your e-mail address");
        browser.checkAccessibility("overview, e-mail not confirmed");
        String accountId = query("SELECT account_id FROM portal_logins WHERE email_normalized = ?", EMAIL);

        String body = eventually().until(() -> mail(accountId, "EMAIL_VERIFICATION"), b -> b != null);
        Matcher link = VERIFY_LINK.matcher(body);
        assertThat(link.find()).as("a confirmation link in the mail: " + body).isTrue();
        browser.open(link.group());
        browser.checkAccessibility("confirm e-mail");
        browser.submit("/verify-email");
        assertThat(browser.text(".notice")).contains("your e-mail address is confirmed");
        assertThat(browser.text(".banner")).isNull();
        return accountId;
    }

    private void addAddressAndCard() throws Exception {
        browser.open("/account/printers/new");
        assertThat(browser.text("#readiness")).contains("Add a shipping address", "Add a payment method");
        browser.checkAccessibility("register, not ready");
        browser.click("#readiness a[href*='addresses']");
        browser.checkAccessibility("address form");
        fillAddress("Home", "2 Bletchley Park");
        browser.submit("/account/addresses/new");
        assertThat(browser.path()).startsWith("/account/printers/new");
        browser.click("#readiness a[href*='payment-methods']");
        browser.checkAccessibility("payment method form");
        browser.choose("card", "VISA_4242");
        browser.choose("expMonth", "6");
        browser.choose("expYear", String.valueOf(java.time.Year.now().getValue() + 2));
        browser.submit("/account/payment-methods/new");
        assertThat(browser.path()).startsWith("/account/printers/new");
        assertThat(browser.text("#readiness")).isNull();
    }

    private void fillAddress(String label, String line1) {
        browser.type("label", label);
        browser.type("name", "Joan Clarke");
        browser.type("line1", line1);
        browser.type("city", "Milton Keynes");
        browser.type("postalCode", "MK3 6EB");
        browser.choose("country", "GB");
    }

    private String registerPrinter() throws Exception {
        browser.type("model", "imageCLASS MF9999");
        browser.submit("/account/printers/new");
        assertThat(browser.text("#model-error")).contains("Choose an eligible model");
        browser.checkAccessibility("register with errors");
        browser.type("model", "imageCLASS MF445dw");
        browser.type("serial", SERIAL);
        browser.tick("channel");
        browser.tick("terms");
        browser.submit("/account/printers/new");
        String secret = browser.text("#pairing-secret");
        assertThat(secret).hasSize(43);
        browser.checkAccessibility("printer registered, pairing secret");
        browser.screenshot("03-pairing-secret");
        browser.open("/account");
        assertThat(browser.text(".card .tag")).isEqualTo("Waiting for activation");
        browser.screenshot("04-waiting-for-activation");
        return secret;
    }

    private MqttClient connect(String secret) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + stack.mqttPort(), SERIAL, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(SERIAL);
        options.setPassword(secret.toCharArray());
        // the credential travels dispatcher outbox -> Kafka -> gateway; connect once it has arrived
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    client.connect(options);
                    return client.isConnected();
                });
        return client;
    }

    private void report(MqttClient client, int level) throws Exception {
        long seq = sequence.incrementAndGet();
        TelemetryReport report = new TelemetryReport(SERIAL, "imageclass-mf445dw", 1, seq, Instant.now(), 1000 + seq,
                List.of(new SupplyLevel("K", "Cartridge 057", "black", level, true, "057-E2E")));
        client.publish("printers/" + SERIAL + "/telemetry", Json.mapper().writeValueAsBytes(report), 1, false);
    }

    private void changePrinterAddress(String accountId) throws Exception {
        browser.open("/account/addresses/new");
        fillAddress("Office", "7 Station Road");
        browser.submit("/account/addresses/new");
        browser.checkAccessibility("address book");
        String office = query("SELECT address_id FROM address_book WHERE account_id = ? AND label = 'Office'",
                accountId);
        browser.open("/account/printers/" + SERIAL);
        browser.choose("delivery-address", office);
        browser.submit("/account/printers/" + SERIAL + "/delivery");
        assertThat(browser.text(".notice")).startsWith("Saved. The next shipment for this printer uses");
        assertThat(browser.attribute("#delivery-address option[selected]", "value")).isEqualTo(office);
        browser.checkAccessibility("printer page");
        browser.screenshot("09-printer-address-changed");
        assertThat(query("SELECT d.address_id FROM printer_delivery d JOIN enrollments e USING (enrollment_id) "
                + "WHERE e.serial = ?", SERIAL)).isEqualTo(office);
    }

    private void optOutOfOptionalMail(String accountId) throws Exception {
        browser.open("/account/email-preferences");
        browser.checkAccessibility("e-mail preferences");
        browser.tick("allOff");
        browser.submit("/account/email-preferences");
        assertThat(browser.text(".notice")).isEqualTo("Your e-mail preferences are saved.");
        browser.screenshot("10-email-preferences");
        assertThat(query("SELECT scope FROM email_opt_outs WHERE account_id = ?", accountId)).isEqualTo("ALL_OPTIONAL");
    }

    private void cancelPlan(String accountId) throws Exception {
        browser.open("/account/printers/" + SERIAL);
        browser.submit("/account/printers/" + SERIAL + "/cancel-plan");
        assertThat(browser.text("#cancel-reasons-error")).contains("Choose at least one reason");
        browser.checkAccessibility("printer page with errors");
        browser.tick("cancel-reasons");
        browser.type("cancel-comment", "Trying the office printer instead");
        browser.submit("/account/printers/" + SERIAL + "/cancel-plan");
        assertThat(browser.text(".notice")).contains("Orders already processed still ship");
        assertThat(browser.text(".tag")).isEqualTo("Auto Replenishment cancelled");
        browser.screenshot("11-plan-cancelled");
        assertThat(query("SELECT status FROM enrollments WHERE serial = ? AND ended_at IS NULL", SERIAL))
                .isEqualTo("CANCELLED");
        eventually().until(() -> mail(accountId, "PRINTER_PLAN_CANCELLED") != null);
    }

    private void otherPages() throws Exception {
        browser.open("/account/settings");
        browser.checkAccessibility("account settings");
        browser.open("/account/payment-methods");
        browser.checkAccessibility("payment methods");
        browser.open("/account/products");
        browser.checkAccessibility("products and points");
        browser.resize(390, 1400);
        browser.open("/account");
        browser.checkAccessibility("overview on a phone");
        browser.screenshot("12-overview-phone");
        browser.open("/account/orders");
        browser.checkAccessibility("orders on a phone");
        browser.open("/eligible-printers");
        browser.checkAccessibility("eligible printers on a phone");
        browser.resize(1280, 1600);
        browser.submit("/sign-out");
        browser.checkAccessibility("sign-in");
        browser.open("/forgot-password");
        browser.checkAccessibility("forgot password");
        browser.open("/account/orders");
        assertThat(browser.path()).startsWith("/sign-in");
    }

    private String mail(String accountId, String kind) throws Exception {
        return query("SELECT body FROM mailbox WHERE account_id = ? AND kind = ? ORDER BY delivered_at DESC LIMIT 1",
                accountId, kind);
    }

    private String query(String sql, String... parameters) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> e instanceof WebDriverException || e instanceof AssertionError);
    }
}
