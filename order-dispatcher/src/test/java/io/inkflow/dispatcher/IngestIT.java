package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyLevel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IngestIT extends WithHarness {

    @Test
    void replayedOrderCreatesNoSecondRow() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-1", "tok_visa");
        ReplenishmentOrder first = DispatcherHarness.order("acc-1", "SER-1", 1, Channel.CANON);
        ReplenishmentOrder second = DispatcherHarness.order("acc-1", "SER-2", 1, Channel.CANON);
        // the same order twice on the topic, as a streams retry would produce it
        harness.publish(s.topic(), List.of(first, first));

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count("SELECT count(*) FROM orders") == 1);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> s.count("SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets") == 2);
            assertThat(dispatcher.metrics().counter("dispatcher.orders.ingested").count()).isEqualTo(1.0);
        }

        // a full replay: offsets forgotten, every record read again, plus one new order
        s.exec("DELETE FROM consumer_offsets");
        harness.publish(s.topic(), List.of(first, second));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count("SELECT count(*) FROM orders") == 2);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> s.count("SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets") == 4);
        }

        assertThat(s.count("SELECT count(*) FROM orders WHERE order_id = '" + first.orderId() + "'")).isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM order_events WHERE from_state IS NULL AND order_id = '"
                + first.orderId() + "'")).isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM notifications WHERE kind = 'ORDER_CONFIRMATION' AND order_id = '"
                + first.orderId() + "'")).isEqualTo(1);
    }

    @Test
    void theForecastBehindAnOrderIsStoredAndShownByTheApiAndTheDashboard() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-why", "tok_visa");
        ReplenishmentOrder threshold = DispatcherHarness.order("acc-why", "WHY-1", 1, Channel.CANON);
        ReplenishmentOrder o = DispatcherHarness.order("acc-why", "WHY-2", 1, Channel.CANON);
        ReplenishmentOrder forecast = new ReplenishmentOrder(o.orderId(), o.serial(), o.model(), o.series(),
                o.enrollmentId(), o.accountId(), o.channel(), o.slot(), o.sku(), o.colour(), o.cartridgeId(), o.depletionCycle(),
                OrderTrigger.FORECAST, 31, 15, 4.4, o.reportSequence(), o.createdAt());
        harness.publish(s.topic(), List.of(threshold, forecast));

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count("SELECT count(*) FROM orders") == 2);
            assertThat(s.text("SELECT trigger || ' ' || forecast_days_to_empty FROM orders WHERE order_id = '"
                    + forecast.orderId() + "'")).isEqualTo("FORECAST 4.4");
            assertThat(s.count("SELECT count(*) FROM orders WHERE forecast_days_to_empty IS NULL AND order_id = '"
                    + threshold.orderId() + "'")).isEqualTo(1);

            ApiClient api = new ApiClient(dispatcher);
            JsonNode stored = api.get("/api/v1/orders/" + forecast.orderId()).ok();
            assertThat(stored.get("trigger").asText()).isEqualTo("FORECAST");
            assertThat(stored.get("forecastDaysToEmpty").asDouble()).isEqualTo(4.4);
            assertThat(api.get("/api/v1/orders/" + threshold.orderId()).ok().get("forecastDaysToEmpty").isNull())
                    .isTrue();

            Map<String, String> reasons = new HashMap<>();
            api.get("/dashboard/api/snapshot").ok().get("recentOrders")
                    .forEach(r -> reasons.put(r.get("orderId").asText(), r.get("reason").asText()));
            assertThat(reasons).containsEntry(forecast.orderId(), "ordered 4 days before empty")
                    .containsEntry(threshold.orderId(), "ordered at the threshold");
        }
    }

    @Test
    void resumesFromTheOffsetsStoredWithTheRows() throws Exception {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-2", "tok_visa");
        harness.publish(s.topic(), List.of(DispatcherHarness.order("acc-2", "SER-3", 1, Channel.CANON)));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count("SELECT count(*) FROM orders") == 1);
        }
        harness.publish(s.topic(), List.of(DispatcherHarness.order("acc-2", "SER-3", 2, Channel.CANON)));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count("SELECT count(*) FROM orders") == 2);
            assertThat(dispatcher.metrics().counter("dispatcher.orders.ingested").count()).isEqualTo(1.0);
            assertThat(dispatcher.metrics().counter("dispatcher.orders.duplicates").count()).isZero();

            // the HTTP API is wired in and serves the dispatcher's and the pool's metrics
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + dispatcher.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("dispatcher_orders_ingested_total 1.0", "hikaricp_connections",
                    "dispatcher_orders_current{state=\"PENDING\"}", "jvm_memory_used_bytes", "process_cpu_usage");
            // and its Kafka clients' own: the requests each sends the broker (the chain benchmark reads these)
            assertThat(metrics.body().lines().filter(line -> line.startsWith("kafka_consumer_request_total{")
                    && line.contains("-ingest-0\"")).findFirst()).as("an ingest consumer's requests").isPresent();
            assertThat(metrics.body().lines().filter(line -> line.startsWith("kafka_producer_request_total{")
                    && line.contains("-outbox\"")).findFirst()).as("the outbox producer's requests").isPresent();
        }
    }

    @Test
    void anOrderCommitsWithoutWaitingForThePrinterStatusesPolledBesideIt() {
        // one consumer, so the status and the order arrive in one poll; statuses on a topic no other test reads
        String statuses = harness.createTopic("test.status.slow", 1);
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0", "DISPATCHER_INGEST_CONSUMERS", "1",
                "DISPATCHER_PRINTER_STATUS_TOPIC", statuses));
        s.insertAccount("acc-slow", "tok_visa");
        s.exec("INSERT INTO printers (serial, model, first_enrolled_at, updated_at) VALUES ('SLOW-1', 'pixma-ts8320', "
                + "now(), now())");
        s.exec("INSERT INTO enrollments (enrollment_id, serial, model, account_id, channel, status, enrolled_at, "
                + "updated_at) VALUES ('enr-SLOW-1', 'SLOW-1', 'pixma-ts8320', 'acc-slow', 'CANON', 'ACTIVE', now(), "
                + "now())");
        // writing a printer status takes seconds: the order's row must not wait for it
        s.exec("CREATE FUNCTION slow_status() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(5); "
                + "RETURN NEW; END $$");
        s.exec("CREATE TRIGGER slow_status BEFORE INSERT OR UPDATE ON printer_status FOR EACH ROW "
                + "EXECUTE FUNCTION slow_status()");
        Instant now = Instant.now();
        harness.publishStatuses(statuses, List.of(new PrinterStatus("SLOW-1", "pixma-ts8320", "enr-SLOW-1", null, now, now,
                List.of(new SupplyLevel("PGBK", "PGI-280 PGBK", "pigment black", 60, true, "cart-1")))));
        harness.publish(s.topic(), List.of(DispatcherHarness.order("acc-slow", "SLOW-1", 1, Channel.CANON)));

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.count("SELECT count(*) FROM orders") == 1);
            assertThat(s.count("SELECT count(*) FROM printer_status WHERE serial = 'SLOW-1'"))
                    .as("the status polled with the order is still being written").isZero();
            // and the status is stored too, in its own transaction
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> s.count("SELECT count(*) FROM printer_status WHERE serial = 'SLOW-1'") == 1);
        }
    }
}
