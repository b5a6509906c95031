package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No record can stall the consumer: on a real broker and PostgreSQL, one poll holds good orders with one
 * bad record of each kind between them. Every good order is stored once, every bad record is set aside
 * once with its reason, and the consumer goes on with what comes after; a dead letter is replayed after
 * the fix through the API.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PoisonRecordsIT extends WithHarness {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aBatchWithOneBadRecordOfEachKindStoresEveryGoodOneAndSetsEachBadOneAsideOnce() throws Exception {
        Scenario s = harness.scenario(Map.of());
        s.insertAccount("acc-poison", "tok_visa");
        // a constraint stricter than the data: orders of this serial are refused by the database
        s.exec("ALTER TABLE orders ADD CONSTRAINT test_refused_serial CHECK (serial <> 'SER-REFUSED')");
        List<ReplenishmentOrder> good = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            good.add(DispatcherHarness.order("acc-poison", "SER-GOOD-" + i, 1, Channel.CANON));
        }
        List<byte[]> batch = List.of(
                json(good.get(0)),
                "{not json".getBytes(StandardCharsets.UTF_8),
                json(good.get(1)),
                without("SER-NO-MODEL", "model"),
                json(good.get(2)),
                with(DispatcherHarness.order("acc-poison", "SER-ALIEN", 1, Channel.CANON), "model", "pixma-alien-9000"),
                json(good.get(3)),
                with(DispatcherHarness.order("acc-poison", "SER-WRONG-INK", 1, Channel.CANON), "sku", "CLI-999 XX"),
                with(DispatcherHarness.order("acc-poison", "SER-NUL", 1, Channel.CANON), "colour", "black\u0000"),
                json(DispatcherHarness.order("acc-poison", "SER-REFUSED", 1, Channel.CANON)),
                json(good.get(4)),
                json(good.get(0)));
        harness.publishRaw(s.topic(), "SER-POISON", batch);

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM dead_letters") == 6
                    && s.count("SELECT count(*) FROM orders") == 5);
            // the consumer goes on: a later record is stored normally
            harness.publish(s.topic(), List.of(good.get(5)));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders") == 6);

            for (ReplenishmentOrder order : good) {
                assertThat(s.count("SELECT count(*) FROM orders WHERE order_id = '" + order.orderId() + "'"))
                        .as(order.serial()).isEqualTo(1);
                assertThat(s.count("SELECT count(*) FROM notifications WHERE kind = 'ORDER_CONFIRMATION'"
                        + " AND order_id = '" + order.orderId() + "'")).isEqualTo(1);
            }
            assertThat(s.text("SELECT string_agg(reason, ',' ORDER BY record_offset) FROM dead_letters"))
                    .isEqualTo("NOT_JSON,SCHEMA_INVALID,UNKNOWN_MODEL,UNKNOWN_SKU,CONSTRAINT_VIOLATION,CONSTRAINT_VIOLATION");
            assertThat(s.text("SELECT string_agg(record_offset::text, ',' ORDER BY record_offset) FROM dead_letters"))
                    .as("each bad record once, where it was on the topic").isEqualTo("1,3,5,7,8,9");
            assertThat(s.text("SELECT detail FROM dead_letters WHERE reason = 'SCHEMA_INVALID'")).contains("model");
            assertThat(s.text("SELECT detail FROM dead_letters WHERE record_offset = 9")).contains("test_refused_serial");
            assertThat(s.text("SELECT convert_from(record_value, 'UTF8') FROM dead_letters WHERE reason = 'NOT_JSON'"))
                    .isEqualTo("{not json");
            assertThat(s.count("SELECT next_offset FROM consumer_offsets WHERE topic = '" + s.topic() + "'"
                    + " AND partition = (SELECT partition FROM dead_letters LIMIT 1)")).isEqualTo(13);
            assertThat(dispatcher.metrics().counter("dispatcher.dead.letters", "source", "ORDERS", "reason",
                    "CONSTRAINT_VIOLATION").count()).isEqualTo(2.0);
            assertThat(dispatcher.metrics().counter("dispatcher.dead.letters", "source", "ORDERS", "reason",
                    "NOT_JSON").count()).isEqualTo(1.0);
            assertThat(dispatcher.metrics().counter("dispatcher.orders.ingested").count()).isEqualTo(6.0);
            assertThat(dispatcher.metrics().counter("dispatcher.orders.duplicates").count())
                    .as("the repeated good record, not the unreadable ones").isEqualTo(1.0);

            // fulfilment sees them through the API, and replays one after the fix
            ApiClient api = new ApiClient(dispatcher);
            JsonNode open = api.get("/api/v1/dead-letters?status=OPEN").ok();
            assertThat(open.get("deadLetters")).hasSize(6);
            long refusedId = s.count("SELECT id FROM dead_letters WHERE record_offset = 9");
            long nulId = s.count("SELECT id FROM dead_letters WHERE record_offset = 8");

            JsonNode again = api.post("/api/v1/dead-letters/" + nulId + "/replay", "{}").ok();
            assertThat(again.get("status").asText()).isEqualTo("OPEN");
            assertThat(again.get("reason").asText()).isEqualTo("CONSTRAINT_VIOLATION");

            s.exec("ALTER TABLE orders DROP CONSTRAINT test_refused_serial");
            JsonNode replayed = api.post("/api/v1/dead-letters/" + refusedId + "/replay", "{}").ok();
            assertThat(replayed.get("status").asText()).isEqualTo("REPLAYED");
            assertThat(s.count("SELECT count(*) FROM orders WHERE serial = 'SER-REFUSED'")).isEqualTo(1);
            assertThat(s.text("SELECT status || ':' || replay_attempts || ':' || replayed_by FROM dead_letters"
                    + " WHERE id = " + refusedId)).isEqualTo("REPLAYED:1:admin");
            assertThat(s.text("SELECT status || ':' || replay_attempts FROM dead_letters WHERE id = " + nulId))
                    .isEqualTo("OPEN:1");
            assertThat(api.post("/api/v1/dead-letters/" + refusedId + "/replay", "{}").status()).isEqualTo(409);
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.text("SELECT state FROM orders"
                    + " WHERE serial = 'SER-REFUSED'")));
        }
    }

    @Test
    void unreadableSupplyEventsAreSetAsideToo() {
        Scenario s = harness.scenario(Map.of());
        long before = s.count("SELECT count(*) FROM dead_letters");
        harness.publishRaw(Topics.SUPPLY_EVENTS, "SER-SUPPLY", List.of("[1,2,3]".getBytes(StandardCharsets.UTF_8),
                "garbage".getBytes(StandardCharsets.UTF_8)));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM dead_letters") == before + 2);
            assertThat(s.text("SELECT string_agg(reason, ',' ORDER BY record_offset) FROM dead_letters"
                    + " WHERE topic = '" + Topics.SUPPLY_EVENTS + "'")).isEqualTo("SCHEMA_INVALID,NOT_JSON");
            assertThat(dispatcher.metrics().counter("dispatcher.dead.letters", "source", "SUPPLY_EVENTS", "reason",
                    "NOT_JSON").count()).isEqualTo(1.0);
        }
    }

    private static byte[] json(ReplenishmentOrder order) {
        try {
            return Json.mapper().writeValueAsBytes(order);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] with(ReplenishmentOrder order, String field, String value) throws Exception {
        ObjectNode node = Json.mapper().valueToTree(order);
        node.put(field, value);
        return Json.mapper().writeValueAsBytes(node);
    }

    private static byte[] without(String serial, String field) throws Exception {
        ObjectNode node = Json.mapper().valueToTree(DispatcherHarness.order("acc-poison", serial, 1, Channel.CANON));
        node.remove(field);
        return Json.mapper().writeValueAsBytes(node);
    }
}
