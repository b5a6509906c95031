package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A printer that stops reporting: two real dispatchers on one PostgreSQL read its statuses from a real broker,
 * sweep with a clock the test moves, and mail its owner once per silence; reporting again clears it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QuietPrinterIT extends WithHarness {
    private static final String QUIET = "QUIET-0001";
    private static final String BUSY = "BUSY-0001";
    /** Two sweep periods of the harness (50 ms polls, a sweep every 50 polls) and a margin. */
    private static final Duration SEVERAL_SWEEPS = Duration.ofSeconds(6);

    private final MutableClock clock = new MutableClock();

    @Test
    void aQuietPrinterIsMailedOncePerSilenceAndReportingAgainClearsIt() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_QUIET_PRINTER_DAYS", "7"));
        s.insertAccount("acc-quiet", "tok_visa");
        enroll(s, "acc-quiet", QUIET);
        enroll(s, "acc-quiet", BUSY);
        try (OrderDispatcher one = OrderDispatcher.start(s.config(), clock, Checkpoint.Listener.NONE);
             OrderDispatcher two = OrderDispatcher.start(s.config(Map.of("DISPATCHER_INSTANCE_ID", "quiet-second")),
                     clock, Checkpoint.Listener.NONE)) {
            report(QUIET);
            report(BUSY);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> s.count("SELECT count(*) FROM enrollment_activations") == 2);

            // six days: within the quiet period, the other printer keeps reporting
            clock.advance(Duration.ofDays(6));
            report(BUSY);
            await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(5)).until(() -> quietMails(s) == 0);

            // eight days: quiet; both dispatchers sweep, one mail
            clock.advance(Duration.ofDays(2));
            report(BUSY);
            await().atMost(Duration.ofSeconds(30)).until(() -> quietMails(s) == 1);
            await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(5)).until(() -> quietMails(s) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count(
                    "SELECT count(*) FROM mailbox WHERE kind = 'PRINTER_QUIET' AND account_id = 'acc-quiet'") == 1);
            assertThat(s.text("SELECT subject || ' ' || body FROM mailbox WHERE kind = 'PRINTER_QUIET'"))
                    .contains("We can't see your printer PIXMA TS8320 (" + QUIET + ")", "TCP port 8883",
                            "more than 7 days", "/account/printers/" + QUIET);
            assertThat(s.count("SELECT count(*) FROM printer_status WHERE quiet_noticed_at IS NOT NULL")).isEqualTo(1);
            JsonNode quiet = snapshot(one).get("quietPrinters");
            assertThat(quiet.get("count").asLong()).isEqualTo(1);
            assertThat(quiet.get("printers").get(0).get("serial").asText()).isEqualTo(QUIET);
            assertThat(quiet.get("printers").get(0).get("accountId").asText()).isEqualTo("acc-quiet");

            // it reports again: the mark goes, on the dashboard too
            report(QUIET);
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count(
                    "SELECT count(*) FROM printer_status WHERE quiet_noticed_at IS NOT NULL") == 0);
            assertThat(snapshot(two).get("quietPrinters").get("count").asLong()).isZero();

            // a second silence is a new episode: one more mail
            clock.advance(Duration.ofDays(8));
            report(BUSY);
            await().atMost(Duration.ofSeconds(30)).until(() -> quietMails(s) == 2);
            await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(5)).until(() -> quietMails(s) == 2);
            assertThat(s.count("SELECT count(DISTINCT dedupe_key) FROM notifications WHERE kind = 'PRINTER_QUIET'"))
                    .isEqualTo(2);
        }
    }

    @Test
    void nothingIsMarkedWhileNoPrinterReportsAtAll() {
        Scenario s = harness.scenario(Map.of());
        s.insertAccount("acc-feed", "tok_visa");
        enroll(s, "acc-feed", "FEED-0001");
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config(), clock, Checkpoint.Listener.NONE)) {
            report("FEED-0001");
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> s.count("SELECT count(*) FROM enrollment_activations") == 1);
            // the status feed stopped (the streams application down): no printer reported for over a day
            clock.advance(Duration.ofDays(10));
            await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(5)).until(() -> quietMails(s) == 0);
        }
    }

    private static long quietMails(Scenario s) {
        return s.count("SELECT count(*) FROM notifications WHERE kind = 'PRINTER_QUIET'");
    }

    private JsonNode snapshot(OrderDispatcher dispatcher) {
        return new ApiClient(dispatcher).get("/dashboard/api/snapshot").ok();
    }

    /** The printer reports now (by the test's clock), as the streams application publishes it. */
    private void report(String serial) {
        Instant now = clock.instant();
        harness.publishStatuses(List.of(new PrinterStatus(serial, "pixma-ts8320", "enr-" + serial, null, now, now,
                List.of(new SupplyLevel("PGBK", "PGI-280 PGBK", "pigment black", 60, true, "cart-1")))));
    }

    private static void enroll(Scenario s, String accountId, String serial) {
        s.exec("INSERT INTO printers (serial, model, first_enrolled_at, updated_at) VALUES ('" + serial
                + "', 'pixma-ts8320', now(), now())");
        s.exec("INSERT INTO enrollments (enrollment_id, serial, model, account_id, channel, status, enrolled_at, "
                + "updated_at) VALUES ('enr-" + serial + "', '" + serial + "', 'pixma-ts8320', '" + accountId
                + "', 'CANON', 'ACTIVE', now(), now())");
    }
}
