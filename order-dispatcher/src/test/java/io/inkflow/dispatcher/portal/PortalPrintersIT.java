package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.deadletter.DeadLetterReason;
import io.inkflow.dispatcher.ingest.BatchHandler.InboundRecord;
import io.inkflow.dispatcher.ingest.PrinterStatusWriter;
import io.inkflow.dispatcher.persistence.AccountReader;
import io.inkflow.dispatcher.quiet.QuietPrinterSweep;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registering a printer, its activation by the first status from the streams application, the overview,
 * choosing its address and payment method, cancelling its plan and deactivating it; ownership everywhere.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PortalPrintersIT extends PortalITSupport {
    static PrinterStatusWriter statusWriter;
    static final AtomicLong offsets = new AtomicLong();

    @BeforeAll
    static void startStatusWriter() {
        statusWriter = new PrinterStatusWriter(new SchemaValidator(), ModelCatalog.bundled(), fx.outbox, fx.clock,
                fx.metrics);
    }

    /** A status record as the streams application publishes it, consumed as the dispatcher consumes it. */
    static void status(String serial, String enrollmentId, Instant reportedAt, SupplyLevel... supplies) {
        PrinterStatus status = new PrinterStatus(serial, "imageclass-mf445dw", enrollmentId, null, reportedAt,
                reportedAt, List.of(supplies));
        byte[] bytes = JsonSerde.of(PrinterStatus.class).serialize(Topics.PRINTER_STATUS, status);
        fx.tx.runVoid(c -> statusWriter.handle(c, List.of(new InboundRecord(Topics.PRINTER_STATUS, 0,
                offsets.incrementAndGet(), serial.getBytes(StandardCharsets.UTF_8), bytes))));
    }

    static SupplyLevel toner(int level) {
        return new SupplyLevel("K", "Cartridge 057", "black", level, true, "057-1");
    }

    String enrollmentOf(String serial) {
        return fx.db.queryString("SELECT enrollment_id FROM enrollments WHERE serial = '" + serial
                + "' AND ended_at IS NULL");
    }

    @Test
    void registrationWaitsForAnAddressACardAndAConfirmedEmail() {
        PortalClient browser = fx.client();
        fx.signUp(browser, "Hasty", "hasty@example.com");

        PortalClient.Page page = fx.register(browser, "PIXMA TS8320", "HASTY-0001", "CANON");
        assertThat(page.status()).isEqualTo(409);
        assertThat(page.text("#readiness")).contains("Confirm your e-mail address", "Add a shipping address",
                "Add a payment method");
        assertThat(fx.db.queryLong("SELECT count(*) FROM enrollments WHERE serial = 'HASTY-0001'")).isZero();
    }

    @Test
    void aRegisteredPrinterShowsItsSecretOnceWaitsForActivationAndIsActivatedByItsFirstReport() {
        PortalClient browser = fx.client();
        String accountId = fx.readyCustomer(browser, "Grace", "grace.printer@example.com");

        PortalClient.Page registered = fx.register(browser, "imageclass MF445dw", "mf445-0001", "CANON");
        assertThat(registered.status()).isEqualTo(201);
        String secret = registered.text("#pairing-secret");
        String hash = fx.db.queryString("SELECT secret_hash FROM device_credentials WHERE serial = 'MF445-0001' "
                + "AND status = 'ACTIVE'");
        assertThat(DeviceSecrets.matches(secret, hash)).as("the pairing secret is the printer's MQTT password").isTrue();
        assertThat(registered.headers().get("cache-control")).contains("no-store");
        assertThat(browser.get("/account/printers/MF445-0001").html().text()).doesNotContain(secret);
        PortalClient.Page waiting = browser.get("/account");
        assertThat(waiting.text(".card .tag")).isEqualTo("Waiting for activation");

        String enrollmentId = enrollmentOf("MF445-0001");
        status("MF445-0001", "enr-someone-else", fx.clock.instant(), toner(55));
        assertThat(browser.get("/account").text(".card .tag")).as("another registration's report activates nothing")
                .isEqualTo("Waiting for activation");
        Instant first = fx.clock.instant();
        status("MF445-0001", enrollmentId, first, toner(9));
        status("MF445-0001", enrollmentId, first, toner(9)); // replayed

        PortalClient.Page active = browser.get("/account");
        assertThat(active.text(".card .tag")).isEqualTo("In Auto Replenishment");
        assertThat(active.text(".card table")).contains("black (Cartridge 057)", "9 %", "10 %", "Low");
        assertThat(fx.mails("PRINTER_ACTIVATED", accountId)).isEqualTo(1);
        assertThat(fx.delivered("PRINTER_ACTIVATED", accountId)).contains("MF445-0001", "imageCLASS MF445dw",
                "http://portal.test/account/printers/MF445-0001");

        status("MF445-0001", enrollmentId, first.minusSeconds(60), toner(70)); // late, older record
        assertThat(browser.get("/account").text(".card table")).as("an older status never wins").contains("9 %");

        QuietPrinterSweep sweep = new QuietPrinterSweep(ModelCatalog.bundled(), fx.outbox, fx.clock,
                Duration.ofDays(7), fx.metrics);
        double noticedBefore = fx.registry.counter("dispatcher.printers.quiet.noticed").count();
        fx.clock.advance(Duration.ofDays(6));
        status("FLEET-0001", null, fx.clock.instant(), toner(50)); // the rest of the fleet keeps reporting
        fx.tx.run(sweep::sweep);
        assertThat(fx.signIn(browser, "grace.printer@example.com", PortalFixture.PASSWORD).text(".card"))
                .doesNotContain("We can't see this printer");
        assertThat(fx.mails("PRINTER_QUIET", accountId)).isZero();
        assertThat(fx.registry.counter("dispatcher.printers.quiet.noticed").count()).isEqualTo(noticedBefore);

        fx.clock.advance(Duration.ofDays(2));
        status("FLEET-0001", null, fx.clock.instant(), toner(50));
        fx.tx.run(sweep::sweep);
        fx.tx.run(sweep::sweep);
        assertThat(fx.mails("PRINTER_QUIET", accountId)).as("one mail per silence").isEqualTo(1);
        assertThat(fx.registry.counter("dispatcher.printers.quiet.noticed").count()).as("one notice counted")
                .isEqualTo(noticedBefore + 1);
        assertThat(fx.delivered("PRINTER_QUIET", accountId)).contains("MF445-0001", "imageCLASS MF445dw",
                "TCP port 8883", "http://portal.test/account/printers/MF445-0001");
        assertThat(fx.signIn(browser, "grace.printer@example.com", PortalFixture.PASSWORD).text(".card"))
                .contains("We can't see this printer");
        assertThat(browser.get("/account/printers/MF445-0001").text("#quiet")).contains("port 8883",
                "We have e-mailed you once");

        status("MF445-0001", enrollmentId, fx.clock.instant(), toner(8));
        assertThat(browser.get("/account").text(".card")).as("reporting again clears it")
                .doesNotContain("We can't see this printer");
    }

    @Test
    void everyRegistrationFieldIsCheckedAndAHeldSerialIsRefused() {
        PortalClient browser = fx.client();
        fx.readyCustomer(browser, "Typist", "typist.printer@example.com");

        PortalClient.Page bad = browser.submit(browser.get("/account/printers/new"), "form[action=/account/printers/new]",
                Map.of("model", "PIXMA Imaginary 9000", "serial", "no spaces allowed"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.fieldError("model")).startsWith("Choose an eligible model from the list");
        assertThat(bad.fieldError("serial")).startsWith("Enter the serial number as printed on the printer");
        assertThat(bad.text("#channel-error")).contains("Choose Canon or Amazon");
        assertThat(bad.text("#terms-error")).contains("Agree to the terms of service");
        assertThat(bad.html().select("#eligible-models option")).hasSize(16);

        fx.register(browser, "PIXMA TS8320", "HELD-0001", "AMAZON");
        PortalClient.Page again = fx.register(browser, "PIXMA TS8320", "HELD-0001", "AMAZON");
        assertThat(again.fieldError("serial")).isEqualTo("This printer is already registered in your account");
        PortalClient other = fx.client();
        fx.readyCustomer(other, "Other", "other.printer@example.com");
        assertThat(fx.register(other, "PIXMA TS8320", "HELD-0001", "CANON").fieldError("serial"))
                .startsWith("This printer is registered to another account");
    }

    @Test
    void eachPrinterHasItsOwnAddressAndCardFromTheBookAndFulfilmentReadsThem() throws Exception {
        PortalClient browser = fx.client();
        String accountId = fx.readyCustomer(browser, "Branch", "branch@example.com");
        browser.submit(browser.get("/account/addresses/new"), "form[action=/account/addresses/new]", Map.of(
                "label", "Shop", "name", "Branch Shop", "line1", "9 Market Street", "city", "Leeds",
                "postalCode", "LS1 1AA", "country", "GB"));
        browser.submit(browser.get("/account/payment-methods/new"), "form[action=/account/payment-methods/new]",
                Map.of("card", "MASTERCARD_4444", "expMonth", "1", "expYear", String.valueOf(java.time.Year.now().getValue() + 4)));
        fx.register(browser, "imageCLASS MF445dw", "BRANCH-0001", "CANON");
        String shop = fx.db.queryString("SELECT address_id FROM address_book WHERE label = 'Shop' AND account_id = '"
                + accountId + "'");
        String card = fx.db.queryString("SELECT method_id FROM payment_methods WHERE last4 = '4444' AND account_id = '"
                + accountId + "'");
        String enrollmentId = enrollmentOf("BRANCH-0001");

        String failed = fx.failedPayment(accountId);
        PortalClient.Page page = browser.get("/account/printers/BRANCH-0001");
        PortalClient.Page saved = browser.submit(page, "form[action=/account/printers/BRANCH-0001/delivery]",
                Map.of("address", shop, "payment", card));
        assertThat(saved.notice()).startsWith("Saved. The next shipment for this printer uses");
        assertThat(saved.html().selectFirst("#delivery-address option[selected]").attr("value")).isEqualTo(shop);
        AccountReader.AccountSnapshot snapshot = fx.tx.run(c -> new AccountReader().find(c, accountId, enrollmentId))
                .orElseThrow();
        assertThat(snapshot.shipTo().line1()).isEqualTo("9 Market Street");
        assertThat(snapshot.paymentToken()).isEqualTo(fx.db.queryString(
                "SELECT provider_token FROM payment_methods WHERE method_id = '" + card + "'"));
        assertThat(fx.stateAndAttempt(failed)).as("a declined payment is charged again with the new choice")
                .isEqualTo("PENDING/2");

        PortalClient stranger = fx.client();
        String strangerId = fx.readyCustomer(stranger, "Stranger", "stranger@example.com");
        String foreign = fx.db.queryString("SELECT address_id FROM address_book WHERE account_id = '" + strangerId + "'");
        PortalClient.Page refused = browser.submit(page, "form[action=/account/printers/BRANCH-0001/delivery]",
                Map.of("address", foreign, "payment", "default"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldError("delivery-address")).isEqualTo("Choose an address from your address book");
        assertThat(fx.db.queryString("SELECT address_id FROM printer_delivery WHERE enrollment_id = '" + enrollmentId
                + "'")).isEqualTo(shop);
        PortalClient.Page inUse = browser.submit(browser.get("/account/addresses"),
                "form[action=/account/addresses/" + shop + "/remove]", Map.of());
        assertThat(inUse.text(".problem")).isEqualTo("Printer BRANCH-0001 ships to this address. Choose another address "
                + "for it first.");
    }

    @Test
    void anotherCustomersPrinterIsNotFound() {
        PortalClient owner = fx.client();
        fx.readyCustomer(owner, "Owner", "owner.printer@example.com");
        fx.register(owner, "PIXMA TS8320", "OWNED-0001", "CANON");
        PortalClient intruder = fx.client();
        fx.readyCustomer(intruder, "Intruder", "intruder.printer@example.com");
        String csrf = intruder.get("/account").html().selectFirst("input[name=_csrf]").attr("value");

        assertThat(intruder.get("/account/printers/OWNED-0001").status()).isEqualTo(404);
        assertThat(intruder.get("/account/printers/NO-SUCH-PRINTER").status()).isEqualTo(404);
        assertThat(intruder.get("/account/printers/bad%20serial").status()).isEqualTo(404);
        for (String action : List.of("delivery", "cancel-plan", "deactivate")) {
            PortalClient.Page page = intruder.post("/account/printers/OWNED-0001/" + action, Map.of("_csrf", csrf,
                    "reasons", "OTHER", "comment", "x", "reason", "SOLD", "confirm", "yes"));
            assertThat(page.status()).as(action).isEqualTo(404);
            assertThat(page.text("h1")).isEqualTo("Page not found");
        }
        assertThat(fx.db.queryString("SELECT status FROM enrollments WHERE serial = 'OWNED-0001' AND ended_at IS NULL"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void cancellingOnePrintersPlanNeedsAReasonIsConfirmedByMailAndLeavesTheOthers() {
        PortalClient browser = fx.client();
        String accountId = fx.readyCustomer(browser, "Quitter", "quitter@example.com");
        fx.register(browser, "PIXMA TS8320", "QUIT-0001", "CANON");
        fx.register(browser, "PIXMA TS8320", "STAY-0001", "CANON");
        PortalClient.Page page = browser.get("/account/printers/QUIT-0001");
        assertThat(page.text("#cancel-heading + p")).contains("Orders already processed still ship");

        PortalClient.Page noReason = browser.submit(page, "form[action=/account/printers/QUIT-0001/cancel-plan]",
                Map.of());
        assertThat(noReason.fieldError("cancel-reasons")).isEqualTo("Choose at least one reason");
        PortalClient.Page noComment = browser.postMulti("/account/printers/QUIT-0001/cancel-plan", List.of(
                Map.entry("_csrf", page.html().selectFirst("input[name=_csrf]").attr("value")),
                Map.entry("reasons", "OTHER")));
        assertThat(noComment.fieldError("cancel-comment")).isEqualTo("Tell us your reason in the comment");

        PortalClient.Page done = browser.postMulti("/account/printers/QUIT-0001/cancel-plan", List.of(
                Map.entry("_csrf", page.html().selectFirst("input[name=_csrf]").attr("value")),
                Map.entry("reasons", "PRINT_LESS"), Map.entry("reasons", "TOO_EXPENSIVE"),
                Map.entry("comment", "Working from the office again")));
        assertThat(done.notice()).contains("Orders already processed still ship");
        assertThat(done.text(".tag")).isEqualTo("Auto Replenishment cancelled");
        assertThat(fx.db.queryString("SELECT status FROM enrollments WHERE serial = 'QUIT-0001' AND ended_at IS NULL"))
                .isEqualTo("CANCELLED");
        assertThat(fx.db.queryString("SELECT status FROM enrollments WHERE serial = 'STAY-0001' AND ended_at IS NULL"))
                .isEqualTo("ACTIVE");
        assertThat(fx.db.queryString("SELECT array_to_string(reasons, '|') || ' / ' || comment FROM "
                + "printer_plan_cancellations WHERE account_id = '" + accountId + "'"))
                .isEqualTo("I print less than before|The supplies cost too much / Working from the office again");
        assertThat(fx.db.queryString("SELECT payload FROM kafka_outbox WHERE topic = 'printer.enrollments.v1' AND "
                + "record_key = 'QUIT-0001' ORDER BY id DESC LIMIT 1")).contains("\"CANCELLED\"");
        assertThat(fx.delivered("PRINTER_PLAN_CANCELLED", accountId)).contains("QUIT-0001",
                "Orders already processed still ship", "I print less than before, The supplies cost too much");
    }

    @Test
    void aDeactivatedPrinterLeavesTheAccountAndANewOwnerCanRegisterIt() {
        PortalClient seller = fx.client();
        String sellerId = fx.readyCustomer(seller, "Seller", "seller@example.com");
        fx.register(seller, "PIXMA TS8320", "SOLD-0001", "CANON");
        PortalClient.Page page = seller.get("/account/printers/SOLD-0001");

        PortalClient.Page unconfirmed = seller.submit(page, "form[action=/account/printers/SOLD-0001/deactivate]",
                Map.of("reason", "SOLD"));
        assertThat(unconfirmed.text("#deactivate-confirm-error")).contains("Confirm that the printer leaves");
        PortalClient.Page done = seller.submit(page, "form[action=/account/printers/SOLD-0001/deactivate]",
                Map.of("reason", "SOLD", "confirm", "yes"));
        assertThat(done.path()).isEqualTo("/account?notice=deactivated");
        assertThat(done.html().select(".card")).isEmpty();
        assertThat(fx.db.queryLong("SELECT count(*) FROM device_credentials WHERE serial = 'SOLD-0001' AND status = 'ACTIVE'"))
                .isZero();
        assertThat(fx.mails("PRINTER_DEACTIVATED", sellerId)).isEqualTo(1);

        PortalClient buyer = fx.client();
        fx.readyCustomer(buyer, "Buyer", "buyer@example.com");
        assertThat(fx.register(buyer, "PIXMA TS8320", "SOLD-0001", "CANON").status()).isEqualTo(201);
    }

    @Test
    void aBrokenStatusRecordIsRefusedAndItsNeighboursAreStored() {
        PrinterStatus good = new PrinterStatus("MF445-0900", "imageclass-mf445dw", null, null, fx.clock.instant(),
                fx.clock.instant(), List.of(toner(40)));
        byte[] goodBytes = JsonSerde.of(PrinterStatus.class).serialize(Topics.PRINTER_STATUS, good);
        byte[] noJson = "{\"serial\":".getBytes(StandardCharsets.UTF_8);
        byte[] noSerial = "{\"model\":\"imageclass-mf445dw\"}".getBytes(StandardCharsets.UTF_8);

        List<DeadLetter> refused = fx.tx.run(c -> statusWriter.handle(c, List.of(
                new InboundRecord(Topics.PRINTER_STATUS, 0, offsets.incrementAndGet(), null, noJson),
                new InboundRecord(Topics.PRINTER_STATUS, 0, offsets.incrementAndGet(), null, goodBytes),
                new InboundRecord(Topics.PRINTER_STATUS, 0, offsets.incrementAndGet(), null, noSerial))));

        assertThat(refused).extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.NOT_JSON, DeadLetterReason.SCHEMA_INVALID);
        assertThat(fx.db.queryLong("SELECT count(*) FROM printer_status WHERE serial = 'MF445-0900'")).isEqualTo(1);
    }
}
