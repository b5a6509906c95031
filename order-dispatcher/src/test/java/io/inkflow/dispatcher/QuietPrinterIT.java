package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A printer that stops reporting: two real dispatchers on one PostgreSQL read its statuses from a real broker,
 * sweep with a clock the test moves, and mail its owner once per silence; reporting again clears it. The JSON
 * API's printer list and the {@code dispatcher.printers.quiet} gauge and {@code .quiet.noticed} counter follow.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QuietPrinterIT extends WithHarness {
    private static final String QUIET = "QUIET-0001";
    private static final String BUSY = "BUSY-0001";
    /** Two sweep periods of the harness (50 ms polls, a sweep every 50 polls) and a margin. */
    private static final Duration SEVERAL_SWEEPS = Duration.ofSeconds(6);
    private static final String QUIET_GAUGE = "dispatcher_printers_quiet";
    private static final String NOTICED = "dispatcher_printers_quiet_noticed_total";

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
            Instant lastQuietReport = report(QUIET);
            report(BUSY);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> s.count("SELECT count(*) FROM enrollment_activations") == 2);
            JsonNode reporting = apiPrinter(one, QUIET);
            assertThat(reporting.get("quiet").asBoolean()).isFalse();
            assertThat(reporting.get("quietNoticedAt").isNull()).isTrue();
            assertThat(Instant.parse(reporting.get("lastReportAt").asText()))
                    .isCloseTo(lastQuietReport, within(1, ChronoUnit.MILLIS));

            // six days: within the quiet period, the other printer keeps reporting
            clock.advance(Duration.ofDays(6));
            report(BUSY);
            await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(5)).until(() -> quietMails(s) == 0);

            // eight days: quiet; both dispatchers sweep, one mail
            clock.advance(Duration.ofDays(2));
            Instant eightDays = report(BUSY);
            await().atMost(Duration.ofSeconds(30)).until(() -> quietMails(s) == 1);
            Instant mailed = clock.instant();
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

            // the API shows it on either dispatcher, with when the owner was told and since when it is silent
            JsonNode silent = apiPrinter(two, QUIET);
            assertThat(silent.get("quiet").asBoolean()).isTrue();
            assertThat(Instant.parse(silent.get("quietNoticedAt").asText()))
                    .isBetween(eightDays.minusMillis(1), mailed.plusMillis(1));
            assertThat(Instant.parse(silent.get("lastReportAt").asText()))
                    .isCloseTo(lastQuietReport, within(1, ChronoUnit.MILLIS));
            assertThat(apiPrinter(one, QUIET).get("quiet").asBoolean()).isTrue();
            assertThat(apiPrinter(one, BUSY).get("quiet").asBoolean()).isFalse();
            assertThat(apiPrinter(one, BUSY).get("quietNoticedAt").isNull()).isTrue();
            // the gauge is sampled from the database by each instance; the notice counted once, by the sweeper
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> metric(one, QUIET_GAUGE) == 1.0 && metric(two, QUIET_GAUGE) == 1.0);
            assertThat(metric(one, NOTICED) + metric(two, NOTICED)).isEqualTo(1.0);

            // it reports again: the mark goes, on the dashboard too
            report(QUIET);
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count(
                    "SELECT count(*) FROM printer_status WHERE quiet_noticed_at IS NOT NULL") == 0);
            assertThat(snapshot(two).get("quietPrinters").get("count").asLong()).isZero();
            JsonNode back = apiPrinter(one, QUIET);
            assertThat(back.get("quiet").asBoolean()).isFalse();
            assertThat(back.get("quietNoticedAt").isNull()).isTrue();
            assertThat(Instant.parse(back.get("lastReportAt").asText()))
                    .isAfter(lastQuietReport.plus(Duration.ofDays(7)));
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> metric(one, QUIET_GAUGE) == 0.0 && metric(two, QUIET_GAUGE) == 0.0);

            // a second silence is a new episode: one more mail
            clock.advance(Duration.ofDays(8));
            report(BUSY);
            await().atMost(Duration.ofSeconds(30)).until(() -> quietMails(s) == 2);
            await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(5)).until(() -> quietMails(s) == 2);
            assertThat(s.count("SELECT count(DISTINCT dedupe_key) FROM notifications WHERE kind = 'PRINTER_QUIET'"))
                    .isEqualTo(2);
            assertThat(apiPrinter(one, QUIET).get("quiet").asBoolean()).isTrue();
            assertThat(metric(one, NOTICED) + metric(two, NOTICED)).isEqualTo(2.0);
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(one, QUIET_GAUGE) == 1.0);
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

    /** One printer of the account as {@code GET /api/v1/accounts/{accountId}/printers} answers it. */
    private static JsonNode apiPrinter(OrderDispatcher dispatcher, String serial) {
        for (JsonNode printer : new ApiClient(dispatcher).get("/api/v1/accounts/acc-quiet/printers").ok()) {
            if (printer.get("serial").asText().equals(serial)) {
                return printer;
            }
        }
        throw new AssertionError("No printer " + serial + " in the API's list");
    }

    /** A meter's value in the instance's {@code /metrics} (Prometheus text); every meter is registered at start. */
    private static double metric(OrderDispatcher dispatcher, String name) {
        for (String line : new ApiClient(dispatcher).get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("No meter " + name + " in /metrics");
    }

    private JsonNode snapshot(OrderDispatcher dispatcher) {
        return new ApiClient(dispatcher).get("/dashboard/api/snapshot").ok();
    }

    /** The printer reports now (by the test's clock), as the streams application publishes it; returns when. */
    private Instant report(String serial) {
        Instant now = clock.instant();
        harness.publishStatuses(List.of(new PrinterStatus(serial, "pixma-ts8320", "enr-" + serial, null, now, now,
                List.of(new SupplyLevel("PGBK", "PGI-280 PGBK", "pigment black", 60, true, "cart-1")))));
        return now;
    }

    private static void enroll(Scenario s, String accountId, String serial) {
        s.exec("INSERT INTO printers (serial, model, first_enrolled_at, updated_at) VALUES ('" + serial
                + "', 'pixma-ts8320', now(), now())");
        s.exec("INSERT INTO enrollments (enrollment_id, serial, model, account_id, channel, status, enrolled_at, "
                + "updated_at) VALUES ('enr-" + serial + "', '" + serial + "', 'pixma-ts8320', '" + accountId
                + "', 'CANON', 'ACTIVE', now(), now())");
    }
}
