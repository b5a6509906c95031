package io.inkflow.dispatcher.http;

import static io.inkflow.dispatcher.http.ApiTestSupport.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The fulfilment routes on real commands and a real database. The tests that read the fixture's orders
 * run first ({@code @Order(1)}); those that change orders, stock and events run after them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FulfilmentApiIT {
    private static ApiTestSupport api;
    private static String fulfilment;
    private static JsonNode customer;
    private static JsonNode otherCustomer;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() throws Exception {
        api = new ApiTestSupport();
        fulfilment = api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"FULFILMENT\"}").json().get("apiToken").asText();
        customer = api.newAccount("orders@example.com");
        otherCustomer = api.newAccount("other-orders@example.com");
        String accountId = customer.get("accountId").asText();
        insertOrder("ord-0001", "KMFUL-1", accountId, "PGI-280 PGBK", OrderState.PENDING, NOW.minusSeconds(300));
        insertOrder("ord-0002", "KMFUL-1", accountId, "CLI-281 BK", OrderState.BACKORDERED, NOW.minusSeconds(200));
        insertOrder("ord-0003", "KMFUL-2", accountId, "CLI-281 BK", OrderState.BACKORDERED, NOW.minusSeconds(400));
        insertOrder("ord-0004", "KMFUL-2", accountId, "CLI-281 C", OrderState.SHIPPED, NOW.minusSeconds(100));
        insertOrder("ord-0005", "KMFUL-3", otherCustomer.get("accountId").asText(), "CLI-281 M", OrderState.CHARGED,
                NOW.minusSeconds(50));
        insertEvent("ord-0004", null, "PENDING", NOW.minusSeconds(100));
        insertEvent("ord-0004", "PENDING", "CHARGED", NOW.minusSeconds(90));
        insertEvent("ord-0004", "CHARGED", "SHIPPED", NOW.minusSeconds(80));
        api.db.execute("INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES "
                + "('CLI-281 BK', 0, 0, now()), ('PGI-280 PGBK', 7, 1, now())");
        insertMail(accountId, "ORDER_CONFIRMATION", "Your order", NOW.minusSeconds(30));
        insertMail(otherCustomer.get("accountId").asText(), "SHIPMENT", "Shipped", NOW.minusSeconds(20));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    @Order(1)
    void ordersArePagedByOrderIdWithACursorAndFiltered() {
        var first = api.get("/api/v1/orders?limit=2", fulfilment);
        assertThat(first.status()).isEqualTo(200);
        assertThat(ids(first.json().get("orders"))).containsExactly("ord-0001", "ord-0002");
        assertThat(first.json().get("next").asText()).isEqualTo("ord-0002");
        var second = api.get("/api/v1/orders?limit=2&after=ord-0002", fulfilment);
        assertThat(ids(second.json().get("orders"))).containsExactly("ord-0003", "ord-0004");
        var last = api.get("/api/v1/orders?limit=2&after=ord-0004", fulfilment);
        assertThat(ids(last.json().get("orders"))).containsExactly("ord-0005");
        assertThat(last.json().get("next").isNull()).isTrue();

        assertThat(ids(api.get("/api/v1/orders?serial=KMFUL-2", ADMIN_TOKEN).json().get("orders")))
                .containsExactly("ord-0003", "ord-0004");
        assertThat(ids(api.get("/api/v1/orders?state=backordered", fulfilment).json().get("orders")))
                .containsExactly("ord-0002", "ord-0003");

        JsonNode order = first.json().get("orders").get(0);
        for (String field : List.of("orderId", "serial", "model", "accountId", "slot", "sku", "depletionCycle",
                "trigger", "channel", "state", "amountCents", "trackingNumber", "deliveryEstimate", "createdAt",
                "updatedAt")) {
            assertThat(order.has(field)).as(field).isTrue();
        }
    }

    @Test
    @Order(1)
    void badOrderQueriesAre400() {
        assertThat(api.get("/api/v1/orders?state=LOST", fulfilment).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?limit=0", fulfilment).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?limit=abc", fulfilment).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?limit=100000", fulfilment).status()).isEqualTo(400);
        var badSerial = api.get("/api/v1/orders?serial=%3Cscript%3E", fulfilment);
        assertThat(badSerial.status()).isEqualTo(400);
        assertThat(badSerial.json().at("/errors/0/field").asText()).isEqualTo("serial");
    }

    @Test
    @Order(1)
    void anOrderComesWithItsEvents() {
        var order = api.get("/api/v1/orders/ord-0004", fulfilment);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().get("state").asText()).isEqualTo("SHIPPED");
        assertThat(order.json().get("trackingNumber").asText()).isEqualTo("TRK-ord-0004");
        assertThat(order.json().get("events")).extracting(e -> e.get("toState").asText())
                .containsExactly("PENDING", "CHARGED", "SHIPPED");
        assertThat(api.get("/api/v1/orders/ord-9999", fulfilment).status()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void customersSeeOnlyTheirOwnOrdersAndNoFulfilmentViews() {
        String token = customer.get("apiToken").asText();
        String accountId = customer.get("accountId").asText();
        var own = api.get("/api/v1/accounts/" + accountId + "/orders", token);
        assertThat(own.status()).isEqualTo(200);
        assertThat(ids(own.json())).containsExactly("ord-0004", "ord-0002", "ord-0001", "ord-0003");
        assertThat(api.get("/api/v1/accounts/" + otherCustomer.get("accountId").asText() + "/orders", token).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/accounts/" + accountId + "/orders", fulfilment).status()).isEqualTo(200);
        for (String path : List.of("/api/v1/orders", "/api/v1/orders/ord-0001", "/api/v1/backorders",
                "/api/v1/inventory", "/api/v1/order-flow")) {
            assertThat(api.get(path, token).status()).as(path).isEqualTo(403);
        }
        assertThat(api.post("/api/v1/orders/ord-0001/cancel", token, "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/inventory/CLI-281%20BK/restock", token, "{\"quantity\":1}").status())
                .isEqualTo(403);
    }

    @Test
    @Order(2)
    void cancellingMapsTheOrderSideAnswers() {
        String accountId = otherCustomer.get("accountId").asText();
        insertOrder("ord-c1", "KMFUL-C", accountId, "PGI-280 PGBK", OrderState.PENDING, NOW);
        insertOrder("ord-c2", "KMFUL-C", accountId, "PGI-280 PGBK", OrderState.SHIPPED, NOW);

        var cancelled = api.post("/api/v1/orders/ord-c1/cancel", fulfilment, "{\"reason\":\"customer called\"}");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asText()).isEqualTo("CANCELLED");
        assertThat(api.db.queryString("SELECT state FROM orders WHERE order_id = 'ord-c1'")).isEqualTo("CANCELLED");
        assertThat(api.db.queryString("SELECT detail FROM order_events WHERE order_id = 'ord-c1'"
                + " AND to_state = 'CANCELLED'")).isEqualTo("customer called");
        assertThat(api.db.queryLong("SELECT count(*) FROM kafka_outbox WHERE record_key = 'ord-c1'")).isEqualTo(1);

        var shipped = api.post("/api/v1/orders/ord-c2/cancel", fulfilment, "{}");
        assertThat(shipped.status()).isEqualTo(409);
        assertThat(shipped.json().get("state").asText()).isEqualTo("SHIPPED");
        assertThat(api.post("/api/v1/orders/ord-none/cancel", ADMIN_TOKEN, "{}").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/orders/ord-c1/cancel", fulfilment, "{\"reason\":7}").status()).isEqualTo(400);
    }

    @Test
    @Order(1)
    void backordersComeOldestFirst() {
        var backorders = api.get("/api/v1/backorders", fulfilment);
        assertThat(backorders.status()).isEqualTo(200);
        assertThat(ids(backorders.json())).containsExactly("ord-0003", "ord-0002");
        assertThat(backorders.json().get(0).get("sku").asText()).isEqualTo("CLI-281 BK");
        assertThat(backorders.json().get(0).get("serial").asText()).isEqualTo("KMFUL-2");
    }

    @Test
    @Order(2)
    void inventoryListsStockAndRestockReleasesBackorders() {
        var stock = api.get("/api/v1/inventory", fulfilment);
        assertThat(stock.status()).isEqualTo(200);
        assertThat(stock.json()).extracting(s -> s.get("sku").asText() + "=" + s.get("onHand").asInt() + "/"
                + s.get("reserved").asInt()).contains("CLI-281 BK=0/0", "PGI-280 PGBK=7/1");

        // a SKU of its own, so the other tests' backorders stay as they are
        String accountId = otherCustomer.get("accountId").asText();
        api.db.execute("INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES ('CLI-281 GY', 0, 0, now())");
        insertOrder("ord-r1", "KMFUL-R", accountId, "CLI-281 GY", OrderState.BACKORDERED, NOW.minusSeconds(60));
        insertOrder("ord-r2", "KMFUL-R", accountId, "CLI-281 GY", OrderState.BACKORDERED, NOW.minusSeconds(30));
        var restocked = api.post("/api/v1/inventory/CLI-281%20GY/restock", ADMIN_TOKEN, "{\"quantity\":5}");
        assertThat(restocked.status()).isEqualTo(200);
        assertThat(restocked.json().get("sku").asText()).isEqualTo("CLI-281 GY");
        assertThat(restocked.json().get("onHand").asInt()).isEqualTo(3);
        assertThat(restocked.json().get("released").asInt()).isEqualTo(2);

        assertThat(api.post("/api/v1/inventory/NO-SUCH-SKU/restock", fulfilment, "{\"quantity\":1}").status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/inventory/CLI-281%20GY/restock", fulfilment, "{\"quantity\":\"5\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/inventory/CLI-281%20GY/restock", fulfilment, "{\"quantity\":0}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/inventory/CLI-281%20GY/restock", fulfilment, "{\"quantity\":2.5}").status())
                .isEqualTo(400);
        assertThat(api.db.queryLong("SELECT on_hand FROM inventory WHERE sku = 'CLI-281 GY'")).isEqualTo(3);
        assertThat(api.db.queryLong("SELECT reserved FROM inventory WHERE sku = 'CLI-281 GY'")).isEqualTo(2);
        assertThat(api.db.queryLong("SELECT count(*) FROM orders WHERE sku = 'CLI-281 GY' AND state = 'PENDING'"
                + " AND stock_reserved")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aRestockRetriedWithItsKeyIsAppliedOnceAndAnsweredAgain() {
        api.db.execute("INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES ('CLI-281 Y', 4, 0, now())");
        String key = UUID.randomUUID().toString();
        var first = api.post("/api/v1/inventory/CLI-281%20Y/restock", fulfilment, key, "{\"quantity\":6}");
        var again = api.post("/api/v1/inventory/CLI-281%20Y/restock", fulfilment, key, "{\"quantity\":6}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header(Endpoints.REPLAYED)).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(api.db.queryLong("SELECT on_hand FROM inventory WHERE sku = 'CLI-281 Y'")).isEqualTo(10);
    }

    @Test
    @Order(2)
    void aParkedOrderIsReleasedAndAFailedPaymentRetriedWithANewAttempt() {
        String accountId = otherCustomer.get("accountId").asText();
        insertOrder("ord-p1", "KMFUL-P", accountId, "PGI-280 PGBK", OrderState.PENDING, NOW);
        TestRows.park(api.db, "ord-p1", "INTERNAL");
        insertOrder("ord-f1", "KMFUL-P", accountId, "PGI-280 PGBK", OrderState.PAYMENT_FAILED, NOW);

        var released = api.post("/api/v1/orders/ord-p1/release", fulfilment, "{}");
        assertThat(released.status()).isEqualTo(200);
        assertThat(api.db.queryString("SELECT parked::text || coalesce(park_reason, '-') FROM orders"
                + " WHERE order_id = 'ord-p1'")).isEqualTo("false-");
        var notParked = api.post("/api/v1/orders/ord-p1/release", fulfilment, "{}");
        assertThat(notParked.status()).isEqualTo(409);
        assertThat(notParked.problemType()).isEqualTo("order-action-not-applicable");

        var retried = api.post("/api/v1/orders/ord-f1/retry-payment", fulfilment, "{}");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("state").asText()).isEqualTo("PENDING");
        assertThat(api.db.queryLong("SELECT payment_attempt FROM orders WHERE order_id = 'ord-f1'")).isEqualTo(2);
        assertThat(api.post("/api/v1/orders/ord-f1/retry-payment", fulfilment, "{}").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/orders/ord-none/release", fulfilment, "{}").status()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void orderFlowCountsStatesAndTransitionsPerMinuteForAnHour() {
        var flow = api.get("/api/v1/order-flow", fulfilment);
        assertThat(flow.status()).isEqualTo(200);
        JsonNode body = flow.json();
        assertThat(body.at("/currentByState/BACKORDERED").asLong()).isEqualTo(2);
        assertThat(body.at("/currentByState/SHIPPED").asLong()).isEqualTo(1);
        assertThat(body.at("/currentByState/FORWARDED").asLong()).isZero();
        assertThat(body.get("perMinute")).hasSize(60);
        long created = 0;
        long shipped = 0;
        for (JsonNode minute : body.get("perMinute")) {
            created += minute.get("created").asLong();
            shipped += minute.at("/entered/SHIPPED").asLong();
        }
        assertThat(created).isEqualTo(1);
        assertThat(shipped).isEqualTo(1);
    }

    @Test
    @Order(1)
    void mailboxShowsACustomerOnlyItsOwnMessages() {
        String token = customer.get("apiToken").asText();
        var own = api.get("/api/v1/mailbox", token);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json()).extracting(m -> m.get("kind").asText()).containsExactly("ORDER_CONFIRMATION");
        assertThat(api.get("/api/v1/mailbox?accountId=" + customer.get("accountId").asText(), token).json()).hasSize(1);
        assertThat(api.get("/api/v1/mailbox?accountId=" + otherCustomer.get("accountId").asText(), token).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/mailbox", ADMIN_TOKEN).json()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(api.get("/api/v1/mailbox?accountId=" + otherCustomer.get("accountId").asText(), ADMIN_TOKEN)
                .json()).extracting(m -> m.get("kind").asText()).containsExactly("SHIPMENT");
        assertThat(api.get("/api/v1/mailbox", fulfilment).status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void revokedTokensStopWorking() {
        var issued = api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"FULFILMENT\"}").json();
        String token = issued.get("apiToken").asText();
        assertThat(api.get("/api/v1/inventory", token).status()).isEqualTo(200);

        var revoked = api.post("/api/v1/tokens/" + issued.get("tokenId").asText() + "/revoke", ADMIN_TOKEN, "{}");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/inventory", token).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"ADMIN\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"CUSTOMER\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"CUSTOMER\",\"accountId\":\"acc-none\"}")
                .status()).isEqualTo(400);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get("orderId").asText()));
        return ids;
    }

    private static void insertOrder(String orderId, String serial, String accountId, String sku, OrderState state,
                                    Instant createdAt) {
        TestRows.order(api.db, orderId, serial, accountId, sku, state, createdAt);
    }

    private static void insertEvent(String orderId, String from, String to, Instant at) throws Exception {
        try (Connection c = api.db.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, orderId);
            insert.setString(3, from);
            insert.setString(4, to);
            insert.setTimestamp(5, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    private static void insertMail(String accountId, String kind, String subject, Instant at) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = api.db.dataSource().getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO notifications (notification_id, dedupe_key, kind, account_id, subject, body, status,
                        next_attempt_at, created_at, sent_at)
                    VALUES (?, ?, ?, ?, ?, 'body', 'SENT', ?, ?, ?)""")) {
                insert.setObject(1, id);
                insert.setString(2, "test:" + id);
                insert.setString(3, kind);
                insert.setString(4, accountId);
                insert.setString(5, subject);
                insert.setTimestamp(6, Timestamp.from(at));
                insert.setTimestamp(7, Timestamp.from(at));
                insert.setTimestamp(8, Timestamp.from(at));
                insert.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO mailbox (notification_id, account_id, kind, recipient, subject, body, delivered_at)
                    VALUES (?, ?, ?, 'someone@example.com', ?, 'body', ?)""")) {
                insert.setObject(1, id);
                insert.setString(2, accountId);
                insert.setString(3, kind);
                insert.setString(4, subject);
                insert.setTimestamp(5, Timestamp.from(at));
                insert.executeUpdate();
            }
        }
    }
}
