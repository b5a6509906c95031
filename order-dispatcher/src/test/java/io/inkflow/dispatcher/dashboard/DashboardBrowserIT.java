package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.Topics;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium: it loads, its figures move as orders flow through the real
 * dispatcher, a restock clicked on the page releases the backorders, and every action the fulfilment
 * team has (cancel, decide a customer's cancellation request, release a parked order, retry a payment, replay a
 * dead letter) works from the page.
 * Screenshots go to the build directory ({@code dashboard-*.png}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DashboardBrowserIT {
    private static final Logger log = LoggerFactory.getLogger(DashboardBrowserIT.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SKU = "CLI-281 BK";

    @TempDir
    static Path tempDir;
    static DashboardFixture fixture;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        requireBrowser();
        fixture = DashboardFixture.start(tempDir);
        // Set explicitly so Selenium Manager never tries to download a driver or a browser.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,2200",
                "--user-data-dir=" + Files.createDirectories(tempDir.resolve("chromium-profile")));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "No headless browser: expected " + CHROMIUM + " and " + CHROMEDRIVER
                + ". Install them with: apt-get install chromium chromium-driver";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** An active printer the dispatcher marked quiet eight days after its last report (its owner was mailed). */
    private static void quietPrinter(String serial, String accountId) {
        fixture.execute("INSERT INTO printers (serial, model, first_enrolled_at, updated_at) VALUES ('" + serial
                + "', 'pixma-ts8320', now(), now())");
        fixture.execute("INSERT INTO enrollments (enrollment_id, serial, model, account_id, channel, status, "
                + "enrolled_at, updated_at) VALUES ('enr-" + serial + "', '" + serial + "', 'pixma-ts8320', '"
                + accountId + "', 'CANON', 'ACTIVE', now(), now())");
        fixture.execute("INSERT INTO printer_status (serial, enrollment_id, model, reported_at, printer_time, supplies, "
                + "received_at, quiet_noticed_at) VALUES ('" + serial + "', 'enr-" + serial + "', 'pixma-ts8320', "
                + "now() - interval '8 days', now() - interval '8 days', '[]', now() - interval '8 days', now())");
    }

    @Test
    void figuresMoveAsOrdersFlowAndARestockOnThePageReleasesTheBackorders() throws Exception {
        openSignedOut();
        severeBrowserErrors(); // reading the console log empties it: start clean of the other test's refusals
        signIn(DashboardFixture.ADMIN_TOKEN);
        eventually().untilAsserted(() -> assertThat(text("#connection")).isEqualToIgnoringCase("live"));
        assertThat(text("#role")).isEqualTo("admin");
        assertThat(browser.findElements(backorderRow())).isEmpty();
        long backorderedBefore = number("#kpi-BACKORDERED .count");
        long shippedBefore = number("#kpi-SHIPPED .count");
        long failedBefore = number("#kpi-PAYMENT_FAILED .count");

        // Orders flow: one unit of stock per SKU, so one of three ships and two wait; one card is declined.
        fixture.order(fixture.payingAccount, "SN-BROWSER-1", "BK", SKU);
        fixture.order(fixture.payingAccount, "SN-BROWSER-2", "BK", SKU);
        fixture.order(fixture.payingAccount, "SN-BROWSER-3", "BK", SKU);
        String declined = fixture.order(fixture.decliningAccount, "SN-BROWSER-4", "M", "CLI-281 M");
        fixture.rejection(RejectionReason.SCHEMA_VIOLATION);
        fixture.lowSignal("SN-BROWSER-LOW");
        fixture.telemetry(20);
        quietPrinter("SN-BROWSER-QUIET", fixture.payingAccount);

        eventually().untilAsserted(() -> {
            assertThat(number("#kpi-BACKORDERED .count")).isEqualTo(backorderedBefore + 2);
            assertThat(rowText(backorderRow(), ".waiting")).isEqualTo("2");
            assertThat(number("#kpi-SHIPPED .count")).isEqualTo(shippedBefore + 1);
            assertThat(number("#kpi-PAYMENT_FAILED .count")).isEqualTo(failedBefore + 1);
            assertThat(text("#failed-charges")).contains(declined);
            assertThat(text("#rejections")).contains("schema violation");
            assertThat(text("#low-ink")).contains("SN-BROWSER-LOW");
            assertThat(number("#telemetry-hour")).isGreaterThanOrEqualTo(20);
        });
        String tracking = fixture.queryString(
                "SELECT tracking_number FROM orders WHERE state = 'SHIPPED' AND sku = '" + SKU + "'");
        eventually().untilAsserted(() -> assertThat(text("#recent-orders")).contains(tracking));
        assertThat(text("#recent-orders")).contains("ordered at the threshold");
        eventually().untilAsserted(() -> {
            assertThat(text("#quiet-printers")).contains("SN-BROWSER-QUIET", fixture.payingAccount);
            assertThat(text("#quiet-printers-count")).isEqualTo("1");
        });
        screenshot("dashboard-before-restock.png");

        // Restock from the page: the two backorders are released, ship, and the page says so.
        WebElement row = browser.findElement(backorderRow());
        WebElement quantity = row.findElement(By.cssSelector(".restock-qty"));
        quantity.clear();
        quantity.sendKeys("5");
        row.findElement(By.cssSelector("button.restock")).click();

        eventually().untilAsserted(() -> assertThat(text("#restock-message"))
                .contains("Restocked " + SKU + ": released 2 backorders"));
        eventually().untilAsserted(() -> {
            assertThat(browser.findElements(backorderRow())).isEmpty();
            assertThat(number("#kpi-BACKORDERED .count")).isEqualTo(backorderedBefore);
            assertThat(number("#kpi-SHIPPED .count")).isEqualTo(shippedBefore + 3);
        });
        assertThat(fixture.queryString("SELECT count(*) FROM orders WHERE state = 'SHIPPED' AND sku = '" + SKU + "'"))
                .isEqualTo("3");
        screenshot("dashboard.png");

        // The filter narrows the page: no IMAGECLASS orders were placed.
        browser.findElement(By.cssSelector("#filter-series option[value='IMAGECLASS']")).click();
        eventually().untilAsserted(() -> {
            assertThat(browser.getCurrentUrl()).endsWith("/dashboard?series=IMAGECLASS");
            assertThat(number("#kpi-SHIPPED .count")).isZero();
            assertThat(browser.findElement(By.id("recent-orders-empty")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("recent-orders")).isDisplayed()).isFalse();
        });

        assertThat(severeBrowserErrors()).as("JavaScript errors or blocked resources").isEmpty();
    }

    @Test
    void theFulfilmentRoleActsFromThePageAndACustomerIsTurnedAway() {
        openSignedOut();
        String backordered = fixture.order(fixture.payingAccount, "SN-BROWSER-5", "PGBK", "PGI-280 PGBK");
        fixture.order(fixture.payingAccount, "SN-BROWSER-6", "PGBK", "PGI-280 PGBK");
        eventually().until(() -> "BACKORDERED".equals(fixture.orderState(backordered))
                || fixture.queryString("SELECT 1 FROM orders WHERE state = 'BACKORDERED' AND sku = 'PGI-280 PGBK'") != null);

        signIn(fixture.fulfilmentToken);
        By row = By.cssSelector("#backorders tr[data-sku='PGI-280 PGBK']");
        eventually().untilAsserted(() -> {
            assertThat(text("#role")).isEqualTo("fulfilment");
            assertThat(browser.findElement(row).findElement(By.cssSelector("button.restock")).isDisplayed()).isTrue();
        });
        browser.findElement(row).findElement(By.cssSelector("button.restock")).click();
        eventually().untilAsserted(() -> assertThat(text("#restock-message"))
                .contains("Restocked PGI-280 PGBK: released 1 backorder"));

        browser.findElement(By.id("sign-out")).click();
        signIn(fixture.customerToken);
        eventually().untilAsserted(() -> assertThat(text("#signin-message"))
                .isEqualTo("The CUSTOMER role may not call this endpoint"));
    }

    @Test
    void theFulfilmentTeamCancelsReleasesRetriesAndReplaysFromThePage() throws Exception {
        openSignedOut();
        severeBrowserErrors(); // start clean of the other tests' refusals
        // a backorder to cancel: one unit of stock, two orders of the SKU
        fixture.order(fixture.payingAccount, "SN-ACT-1", "PB", "CLI-281 PB");
        fixture.order(fixture.payingAccount, "SN-ACT-2", "PB", "CLI-281 PB");
        eventually().until(() -> fixture.queryString("SELECT order_id FROM orders WHERE state = 'BACKORDERED'"
                + " AND sku = 'CLI-281 PB'") != null);
        String toCancel = fixture.queryString("SELECT order_id FROM orders WHERE state = 'BACKORDERED' AND sku = 'CLI-281 PB'");
        // two customers' cancellation requests on backorders, one to approve and one to decline
        for (String serial : List.of("SN-ACT-6", "SN-ACT-7", "SN-ACT-8")) {
            fixture.order(fixture.payingAccount, serial, "C", "CLI-281 C");
        }
        eventually().until(() -> "2".equals(fixture.queryString("SELECT count(*) FROM orders WHERE state = 'BACKORDERED'"
                + " AND sku = 'CLI-281 C'")));
        String toApprove = fixture.queryString("SELECT min(order_id) FROM orders WHERE state = 'BACKORDERED'"
                + " AND sku = 'CLI-281 C'");
        String toDecline = fixture.queryString("SELECT max(order_id) FROM orders WHERE state = 'BACKORDERED'"
                + " AND sku = 'CLI-281 C'");
        String approveRequest = fixture.cancellationRequest(fixture.payingAccount, toApprove, "bought one in a shop");
        String declineRequest = fixture.cancellationRequest(fixture.payingAccount, toDecline, "changed my mind");
        eventually().until(() -> "1".equals(fixture.queryString("SELECT count(*) FROM orders WHERE state = 'SHIPPED'"
                + " AND sku = 'CLI-281 PB'")));
        // a payment the bank declined, for a customer who then fixes the card
        String declined = fixture.order(fixture.decliningAccount, "SN-ACT-3", "GY", "CLI-65 GY");
        // an address the carrier refuses: the order is charged, then parked for a person
        fixture.execute("UPDATE accounts SET ship_line1 = '1 REJECT Lane' WHERE account_id = '"
                + fixture.payingAccount + "'");
        String refused = fixture.order(fixture.payingAccount, "SN-ACT-4", "Y", "CLI-281 Y");
        // a record the database refuses, until the constraint is fixed
        fixture.execute("ALTER TABLE orders ADD CONSTRAINT browser_refused CHECK (serial <> 'SN-ACT-5')");
        ReplenishmentOrder deadOrder = fixture.orderMessage(fixture.payingAccount, "SN-ACT-5", "BK", "PGI-280 PGBK");
        fixture.rawOrder("SN-ACT-5", JsonSerde.of(ReplenishmentOrder.class).serialize(Topics.ORDERS, deadOrder));
        eventually().until(() -> "PAYMENT_FAILED".equals(fixture.orderState(declined))
                && "ADDRESS_INVALID".equals(fixture.queryString("SELECT park_reason FROM orders WHERE order_id = '"
                + refused + "'"))
                && fixture.queryString("SELECT id FROM dead_letters WHERE status = 'OPEN'") != null);
        String deadLetterId = fixture.queryString("SELECT id FROM dead_letters WHERE status = 'OPEN'");

        signIn(fixture.fulfilmentToken);
        eventually().untilAsserted(() -> {
            assertThat(text("#backordered")).contains(toCancel);
            assertThat(text("#parked")).contains(refused, "address invalid");
            assertThat(text("#failed-charges")).contains(declined);
            assertThat(text("#dead-letters")).contains("constraint violation");
            assertThat(text("#cancellation-requests")).contains(toApprove, "bought one in a shop", toDecline);
        });
        screenshot("dashboard-actions-before.png");

        // cancel a backorder: two clicks, the second confirms
        click("#backordered tr[data-key='" + toCancel + "'] button.cancel");
        eventually().untilAsserted(() -> assertThat(text("#backordered tr[data-key='" + toCancel + "'] button.cancel"))
                .isEqualTo("Confirm cancel"));
        click("#backordered tr[data-key='" + toCancel + "'] button.cancel");
        eventually().untilAsserted(() -> {
            assertThat(text("#action-message")).isEqualTo("Order " + toCancel + " cancelled; the customer is told.");
            assertThat(fixture.orderState(toCancel)).isEqualTo("CANCELLED");
        });

        // approve one customer's request (two clicks) and decline the other's (one click)
        String approveRow = "#cancellation-requests tr[data-key='" + approveRequest + "'] button.approve";
        click(approveRow);
        eventually().untilAsserted(() -> assertThat(text(approveRow)).isEqualTo("Confirm approve"));
        click(approveRow);
        eventually().untilAsserted(() -> {
            assertThat(text("#action-message")).isEqualTo("Request to cancel order " + toApprove
                    + " approved: the order is cancelled.");
            assertThat(fixture.orderState(toApprove)).isEqualTo("CANCELLED");
        });
        click("#cancellation-requests tr[data-key='" + declineRequest + "'] button.decline");
        eventually().untilAsserted(() -> {
            assertThat(text("#action-message")).isEqualTo("Request to cancel order " + toDecline
                    + " declined: the order goes on.");
            assertThat(browser.findElements(By.cssSelector("#cancellation-requests tbody tr"))).isEmpty();
        });
        assertThat(fixture.orderState(toDecline)).isEqualTo("BACKORDERED");
        assertThat(fixture.queryString("SELECT decided_by FROM order_cancellation_requests WHERE request_id = '"
                + declineRequest + "'")).isNotBlank();

        // release the parked order once the address is corrected: it ships to the new address
        fixture.execute("UPDATE accounts SET ship_line1 = '2 Corrected Street' WHERE account_id = '"
                + fixture.payingAccount + "'");
        click("#parked tr[data-key='" + refused + "'] button.release");
        eventually().untilAsserted(() -> {
            assertThat(text("#action-message")).isEqualTo("Order " + refused + " released for another try.");
            assertThat(fixture.orderState(refused)).isEqualTo("SHIPPED");
        });
        assertThat(fixture.queryString("SELECT ship_to->>'line1' FROM sandbox_carrier_ledger WHERE reference = '"
                + refused + "'")).isEqualTo("2 Corrected Street");

        // retry the declined payment once the customer has a working card
        fixture.execute("UPDATE accounts SET payment_token = 'tok_visa_4242' WHERE account_id = '"
                + fixture.decliningAccount + "'");
        click("#failed-charges tr[data-key='" + declined + "'] button.retry-payment");
        eventually().untilAsserted(() -> {
            assertThat(text("#action-message")).isEqualTo("Payment of order " + declined + " will be charged again.");
            assertThat(fixture.orderState(declined)).isEqualTo("SHIPPED");
        });
        assertThat(fixture.queryString("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED'"
                + " AND reference = '" + declined + "'")).isEqualTo("1");

        // replay the dead letter after the fix
        fixture.execute("ALTER TABLE orders DROP CONSTRAINT browser_refused");
        click("#dead-letters tr[data-key='" + deadLetterId + "'] button.replay");
        eventually().untilAsserted(() -> {
            assertThat(text("#action-message")).isEqualTo("Dead letter " + deadLetterId
                    + " replayed: the record is stored now.");
            assertThat(fixture.orderState(deadOrder.orderId())).isNotNull();
            assertThat(browser.findElements(By.cssSelector("#dead-letters tr[data-key='" + deadLetterId + "']")))
                    .isEmpty();
        });
        screenshot("dashboard-actions-after.png");
        assertThat(severeBrowserErrors()).as("JavaScript errors or blocked resources").isEmpty();
    }

    private static void click(String css) {
        eventually().untilAsserted(() -> browser.findElement(By.cssSelector(css)).click());
    }

    /** A fresh page without a stored token (the other test may have left one in this tab). */
    private static void openSignedOut() {
        browser.get(fixture.baseUrl() + "/dashboard");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    private static void signIn(String token) {
        eventually().untilAsserted(() -> assertThat(browser.findElement(By.id("token")).isDisplayed()).isTrue());
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("signin-button")).click();
    }

    private static By backorderRow() {
        return By.cssSelector("#backorders tr[data-sku='" + SKU + "']");
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsMatching(e -> e instanceof WebDriverException);
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    private static String rowText(By row, String css) {
        return browser.findElement(row).findElement(By.cssSelector(css)).getText().trim();
    }

    private static long number(String css) {
        return Long.parseLong(text(css).replace(",", ""));
    }

    private static void screenshot(String name) throws Exception {
        Path file = buildDirectory().resolve(name);
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        log.info("Dashboard screenshot written [file={}]", file);
    }

    /** target/ (or the -Dinkflow.target directory): the parent of test-classes. */
    private static Path buildDirectory() throws URISyntaxException {
        return Path.of(DashboardBrowserIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    private static List<String> severeBrowserErrors() {
        try {
            return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .toList();
        } catch (WebDriverException e) {
            log.warn("Browser console log not available", e);
            return List.of();
        }
    }
}
