package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The money and shipping rules of the service terms, each set up so that breaking the rule fails the
 * test: the promotion of the order's time (not the shipment's) is applied, the shipment goes to the
 * address current at shipment, and an order placed before the plan was cancelled (through the API, the
 * way a customer cancels) still ships.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MoneyRulesIT extends WithHarness {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SKU = "PGI-280 PGBK";

    @Test
    void thePromotionActiveWhenTheOrderWasCreatedIsAppliedNotTheOneActiveAtShipment() {
        Scenario s = harness.scenario(Map.of());
        s.insertAccount("acc-promo", "tok_visa");
        Instant created = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 10 % while the order was created, over before it ships; 25 % from after its creation until now
        s.exec("INSERT INTO promotions (promotion_id, sku, percent_off, starts_at, ends_at) VALUES"
                + " ('order-time', '" + SKU + "', 10, '" + created.minus(Duration.ofHours(1)) + "', '"
                + created.plus(Duration.ofMinutes(30)) + "'),"
                + " ('shipment-time', '" + SKU + "', 25, '" + created.plus(Duration.ofHours(1)) + "', NULL)");
        long price = OrderDispatcher.catalogPrices(ModelCatalog.bundled()).get(SKU);
        ReplenishmentOrder order = DispatcherHarness.order("acc-promo", "SER-PROMO", "PGBK", SKU, 1, Channel.CANON,
                created);
        harness.publish(s.topic(), List.of(order));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
        }
        long expected = price - (price * 10 + 50) / 100;
        assertThat(expected).as("the two promotions give different amounts").isNotEqualTo(price - (price * 25 + 50) / 100);
        assertThat(s.text("SELECT promotion_id FROM orders WHERE order_id = '" + order.orderId() + "'"))
                .isEqualTo("order-time");
        assertThat(s.count("SELECT amount_cents FROM orders WHERE order_id = '" + order.orderId() + "'"))
                .isEqualTo(expected);
        assertThat(s.count("SELECT amount_cents FROM sandbox_payment_ledger WHERE reference = '" + order.orderId()
                + "'")).isEqualTo(expected);
        assertThat(now).isAfter(created);
    }

    @Test
    void theShipmentGoesToTheAddressChangedAfterTheOrder() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-moved", "tok_visa");
        ReplenishmentOrder order = DispatcherHarness.order("acc-moved", "SER-MOVED", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(order));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            ApiClient api = new ApiClient(dispatcher);
            await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(order.orderId())));
            // the customer moves while the order waits for stock
            api.put("/api/v1/accounts/acc-moved/shipping-address", """
                    {"name":"Ada Lovelace","line1":"7 New Street","line2":"Flat 2","city":"Manchester",
                     "region":null,"postalCode":"M1 1AE","country":"GB"}""").ok();
            api.post("/api/v1/inventory/" + SKU.replace(" ", "%20") + "/restock", "{\"quantity\":1}").ok();
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
        }
        String where = " WHERE reference = '" + order.orderId() + "'";
        assertThat(s.text("SELECT ship_to->>'line1' FROM sandbox_carrier_ledger" + where)).isEqualTo("7 New Street");
        assertThat(s.text("SELECT ship_to->>'city' FROM sandbox_carrier_ledger" + where)).isEqualTo("Manchester");
        assertThat(s.text("SELECT ship_to->>'postalCode' FROM sandbox_carrier_ledger" + where)).isEqualTo("M1 1AE");
    }

    @Test
    void anOrderPlacedBeforeThePlanWasCancelledStillShips() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            ApiClient api = new ApiClient(dispatcher);
            JsonNode account = api.post("/api/v1/accounts", """
                    {"email":"plan@example.com","name":"Grace Hopper",
                     "shippingAddress":{"name":"Grace Hopper","line1":"1 Navy Way","line2":null,"city":"Arlington",
                                        "region":"VA","postalCode":"22202","country":"US"},
                     "paymentMethod":{"providerToken":"tok_visa_4242","brand":"VISA","last4":"4242"}}""").ok();
            String accountId = account.get("accountId").asText();
            JsonNode printer = api.post("/api/v1/accounts/" + accountId + "/printers",
                    "{\"serial\":\"KMPLAN-1\",\"model\":\"pixma-ts8320\",\"channel\":\"CANON\"}").ok();
            String enrollmentId = printer.get("enrollmentId").asText();
            ReplenishmentOrder order = new ReplenishmentOrder(OrderIds.derive(enrollmentId, "KMPLAN-1", "PGBK", 1),
                    "KMPLAN-1", "pixma-ts8320", Series.PIXMA, enrollmentId, accountId, Channel.CANON, "PGBK", SKU, "pigment black",
                    "cart-1", 1, OrderTrigger.THRESHOLD, 14, 15, null, 11L, Instant.now());
            harness.publish(s.topic(), List.of(order));
            await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(order.orderId())));

            // the customer cancels the plan while the order waits: it was processed, so it still ships
            api.post("/api/v1/accounts/" + accountId + "/plan/cancel", "{\"reasons\":[\"moving\"]}").ok();
            assertThat(s.text("SELECT status FROM enrollments WHERE enrollment_id = '" + enrollmentId + "'"))
                    .isEqualTo("CANCELLED");
            api.post("/api/v1/inventory/" + SKU.replace(" ", "%20") + "/restock", "{\"quantity\":1}").ok();
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED' AND reference = '"
                    + order.orderId() + "'")).isEqualTo(1);
        }
    }
}
