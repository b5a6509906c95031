package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.dispatcher.fulfilment.OrderCommands.CancelResult;
import io.inkflow.dispatcher.fulfilment.OrderCommands.RestockResult;
import io.inkflow.dispatcher.notify.TestSmtpServer;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.OrderEvent;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FulfilmentIT extends WithHarness {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SKU = "PGI-280 PGBK";

    static OrderEventCollector events;

    @BeforeAll
    static void collectOrderEvents() {
        events = new OrderEventCollector(harness.broker().bootstrapServers());
    }

    @AfterAll
    static void stopCollecting() throws InterruptedException {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void backorderShipsAfterRestockAtTheShipmentPriceLessTheOrderTimePromotion() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-promo", "tok_visa");
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s.exec("INSERT INTO promotions (promotion_id, sku, percent_off, starts_at, ends_at) VALUES ('autumn', '" + SKU
                + "', 10, '" + created.minus(Duration.ofDays(1)) + "', '" + created.plus(Duration.ofDays(1)) + "')");
        ReplenishmentOrder order = DispatcherHarness.order("acc-promo", "SER-P", "PGBK", SKU, 1, Channel.CANON, created);
        harness.publish(s.topic(), List.of(order));

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(order.orderId())));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM mailbox WHERE account_id = 'acc-promo'"
                    + " AND kind IN ('ORDER_CONFIRMATION', 'BACKORDER')") == 2);
            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isZero();

            // the price changes while the order waits: the charge uses the price at shipment
            s.exec("UPDATE sku_prices SET price_cents = 3000 WHERE sku = '" + SKU + "'");
            RestockResult restock = restock(dispatcher, SKU, 3);
            assertThat(restock).isEqualTo(new RestockResult(SKU, 2, 1));

            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM mailbox WHERE kind = 'SHIPMENT'") == 1);
        }

        assertThat(s.count("SELECT amount_cents FROM orders WHERE order_id = '" + order.orderId() + "'")).isEqualTo(2700);
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED' AND amount_cents = 2700"
                + " AND reference = '" + order.orderId() + "'")).isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger WHERE reference = '" + order.orderId() + "'"))
                .isEqualTo(1);
        String tracking = s.text("SELECT tracking_number FROM orders WHERE order_id = '" + order.orderId() + "'");
        assertThat(tracking).isEqualTo(s.text("SELECT tracking_number FROM sandbox_carrier_ledger"));
        assertThat(s.text("SELECT body FROM mailbox WHERE kind = 'SHIPMENT'")).contains(tracking, "$27.00");
        LocalDate estimate = LocalDate.parse(s.text("SELECT delivery_estimate::text FROM orders"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(estimate).isAfterOrEqualTo(today.plusDays(3)).isBeforeOrEqualTo(today.plusDays(11));
        assertThat(s.count("SELECT on_hand * 1000 + reserved FROM inventory WHERE sku = '" + SKU + "'")).isEqualTo(2000);

        await().atMost(WAIT).untilAsserted(() -> assertThat(events.of(order.orderId()))
                .extracting(OrderEvent::toState).containsExactly(OrderState.PENDING, OrderState.BACKORDERED,
                        OrderState.PENDING, OrderState.CHARGED, OrderState.SHIPPED));
        OrderEvent charged = events.of(order.orderId()).get(3);
        assertThat(charged.amountCents()).isEqualTo(2700);
        assertThat(charged.accountId()).isEqualTo("acc-promo");
        assertThat(events.of(order.orderId()).get(4).trackingNumber()).isEqualTo(tracking);
    }

    @Test
    void restockReleasesBackordersOldestFirst() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-bo", "tok_visa");
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        ReplenishmentOrder newest = DispatcherHarness.order("acc-bo", "SER-B1", "PGBK", SKU, 1, Channel.CANON,
                t0.plusSeconds(120));
        ReplenishmentOrder oldest = DispatcherHarness.order("acc-bo", "SER-B2", "PGBK", SKU, 1, Channel.CANON, t0);
        ReplenishmentOrder middle = DispatcherHarness.order("acc-bo", "SER-B3", "PGBK", SKU, 1, Channel.CANON,
                t0.plusSeconds(60));
        harness.publish(s.topic(), List.of(newest, oldest, middle));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders WHERE state = 'BACKORDERED'") == 3);
            assertThat(restock(dispatcher, SKU, 2)).isEqualTo(new RestockResult(SKU, 0, 2));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == 2);
            assertThat(s.state(oldest.orderId())).isEqualTo("SHIPPED");
            assertThat(s.state(middle.orderId())).isEqualTo("SHIPPED");
            assertThat(s.state(newest.orderId())).isEqualTo("BACKORDERED");
            assertThat(dispatcher.metrics().counter("dispatcher.backorders").count()).isEqualTo(3.0);
        }
    }

    @Test
    void declinedPaymentEmailsAndIsRetriedWithTheNewPaymentMethod() {
        Scenario s = harness.scenario(Map.of());
        s.insertAccount("acc-dec", "tok_decline_insufficient_funds");
        ReplenishmentOrder order = DispatcherHarness.order("acc-dec", "SER-D", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(order));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "PAYMENT_FAILED".equals(s.state(order.orderId())));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM mailbox WHERE kind = 'PAYMENT_FAILED'") == 1);
            assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isZero();

            s.exec("UPDATE accounts SET payment_token = 'tok_visa_new' WHERE account_id = 'acc-dec'");
            assertThat(retryFailedPayments(dispatcher, "acc-dec")).isEqualTo(1);
            assertThat(retryFailedPayments(dispatcher, "acc-dec")).isZero();
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'DECLINED'")).isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED'"
                + " AND payment_token = 'tok_visa_new'")).isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(1);
    }

    @Test
    void paymentNeedingTheCustomerAndARefusedAddressChargeAndShipNothingAndSayWhy() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_MAX_FAILURES", "2"));
        s.insertAccount("acc-sca", "tok_sca_required");
        s.insertAccount("acc-addr", "tok_visa");
        s.exec("UPDATE accounts SET ship_line1 = 'REJECT 1 Nowhere Lane' WHERE account_id = 'acc-addr'");
        ReplenishmentOrder sca = DispatcherHarness.order("acc-sca", "SER-SCA", 1, Channel.CANON);
        ReplenishmentOrder refused = DispatcherHarness.order("acc-addr", "SER-ADDR", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(sca, refused));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders WHERE parked") == 2);
        }
        assertThat(s.state(sca.orderId())).isEqualTo("PENDING");
        assertThat(s.text("SELECT detail FROM orders WHERE order_id = '" + sca.orderId() + "'"))
                .contains("authentication");
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'REQUIRES_ACTION'")).isEqualTo(1);
        assertThat(s.state(refused.orderId())).isEqualTo("CHARGED");
        assertThat(s.text("SELECT detail FROM orders WHERE order_id = '" + refused.orderId() + "'"))
                .contains("refused the address");
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED'")).isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isZero();
    }

    @Test
    void paymentFailureIsCancelledAfterTheConfiguredTimeAndTheStockReturns() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_PAYMENT_FAILED_CANCEL_HOURS", "24",
                "DISPATCHER_INITIAL_STOCK", "5"));
        s.insertAccount("acc-exp", "tok_decline");
        ReplenishmentOrder order = DispatcherHarness.order("acc-exp", "SER-E", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(order));
        MutableClock clock = new MutableClock();
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config(), clock, Checkpoint.Listener.NONE)) {
            await().atMost(WAIT).until(() -> "PAYMENT_FAILED".equals(s.state(order.orderId())));
            assertThat(s.count("SELECT on_hand FROM inventory WHERE sku = '" + SKU + "'")).isEqualTo(4);
            clock.advance(Duration.ofHours(25));
            await().atMost(WAIT).until(() -> "CANCELLED".equals(s.state(order.orderId())));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM mailbox WHERE kind = 'ORDER_CANCELLED'") == 1);
        }
        assertThat(s.count("SELECT on_hand * 1000 + reserved FROM inventory WHERE sku = '" + SKU + "'")).isEqualTo(5000);
    }

    @Test
    void pendingAndBackorderedOrdersCanBeCancelledShippedOnesCannot() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "1"));
        s.insertAccount("acc-c", "tok_visa");
        ReplenishmentOrder shipped = DispatcherHarness.order("acc-c", "SER-C1", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(shipped));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(shipped.orderId())));
            ReplenishmentOrder backordered = DispatcherHarness.order("acc-c", "SER-C2", 1, Channel.CANON);
            harness.publish(s.topic(), List.of(backordered));
            await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(backordered.orderId())));

            assertThat(cancel(dispatcher, backordered.orderId(), "customer changed their mind"))
                    .isEqualTo(new CancelResult.Cancelled());
            assertThat(cancel(dispatcher, backordered.orderId(), "again"))
                    .isEqualTo(new CancelResult.NotCancellable(OrderState.CANCELLED));
            assertThat(cancel(dispatcher, shipped.orderId(), "too late"))
                    .isEqualTo(new CancelResult.NotCancellable(OrderState.SHIPPED));
            assertThat(cancel(dispatcher, "no-such-order", "?"))
                    .isEqualTo(new CancelResult.NotFound());
            // a cancelled backorder is never released by a restock
            assertThat(restock(dispatcher, SKU, 1).released()).isZero();
        }
        assertThat(s.state(shipped.orderId())).isEqualTo("SHIPPED");
    }

    @Test
    void amazonChannelOrdersAreForwardedAndNeverChargedByUs() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "3"));
        s.insertAccount("acc-amz", "tok_visa");
        ReplenishmentOrder order = DispatcherHarness.order("acc-amz", "SER-A", 1, Channel.AMAZON);
        harness.publish(s.topic(), List.of(order));
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "FORWARDED".equals(s.state(order.orderId())));
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_amazon_ledger WHERE reference = '" + order.orderId() + "'"))
                .isEqualTo(1);
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isZero();
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isZero();
        assertThat(s.count("SELECT on_hand FROM inventory WHERE sku = '" + SKU + "'")).isEqualTo(3);
    }

    @Test
    void notificationsGoThroughAnAuthenticatedTlsRelayWhenSmtpIsChosen(@TempDir Path tls) throws Exception {
        try (TestSmtpServer relay = TestSmtpServer.start(tls)) {
            Map<String, String> smtp = new HashMap<>(Map.of("DISPATCHER_MAILER", "smtp",
                    "DISPATCHER_SMTP_HOST", "127.0.0.1", "DISPATCHER_SMTP_PORT", String.valueOf(relay.smtpsPort()),
                    "DISPATCHER_SMTP_TLS", "implicit", "DISPATCHER_SMTP_USER", TestSmtpServer.USER,
                    "DISPATCHER_SMTP_PASSWORD", TestSmtpServer.PASSWORD, "DISPATCHER_SMTP_TRUSTED_HOSTS", "127.0.0.1",
                    "DISPATCHER_PUBLIC_BASE_URL", "https://inkflow.example",
                    "DISPATCHER_UNSUBSCRIBE_SECRET", "a-test-secret-of-at-least-32-characters"));
            Scenario s = harness.scenario(smtp);
            s.insertAccount("acc-smtp", "tok_visa");
            ReplenishmentOrder order = DispatcherHarness.order("acc-smtp", "SER-M", 1, Channel.CANON);
            harness.publish(s.topic(), List.of(order));
            try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
                await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM notifications WHERE status = 'SENT'"
                        + " AND channel = 'SMTP'") == 2);
            }
            assertThat(relay.received(2)).hasSize(2).allSatisfy(m -> assertThat(m.getAllRecipients()[0].toString())
                    .isEqualTo("acc-smtp@example.com"));
            assertThat(relay.received()).extracting(m -> m.getSubject()).anySatisfy(subject -> assertThat(subject)
                    .startsWith("Your PGI-280 PGBK has shipped, tracking IF"));
            assertThat(s.count("SELECT count(*) FROM mailbox")).isZero();

            // a wrong password stops the start with a clear message instead of failing every mail later
            assertThatThrownBy(() -> OrderDispatcher.start(s.config(Map.of("DISPATCHER_SMTP_PASSWORD", "wrong"))))
                    .hasMessageContaining("authentication failed");
        }
    }

    @Test
    void nonGenuineCartridgeIsReportedOncePerCartridge() {
        Scenario s = harness.scenario(Map.of());
        s.insertAccount("acc-ng", "tok_visa");
        String serial = "SER-NG-" + UUID.randomUUID();
        SupplyEvent event = new SupplyEvent(UUID.randomUUID().toString(), SupplyEventType.NON_GENUINE_DETECTED, serial,
                "pixma-ts8320", "acc-ng", "C", "CLI-281 C", "cart-x", 80, null, "non-genuine", Instant.now());
        SupplyEvent again = new SupplyEvent(UUID.randomUUID().toString(), SupplyEventType.NON_GENUINE_DETECTED, serial,
                "pixma-ts8320", "acc-ng", "C", "CLI-281 C", "cart-x", 79, null, "non-genuine", Instant.now());
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.broker().bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), JsonSerde.of(SupplyEvent.class))) {
            producer.send(new ProducerRecord<>(Topics.SUPPLY_EVENTS, serial, event));
            producer.send(new ProducerRecord<>(Topics.SUPPLY_EVENTS, serial, again));
        }
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> s.count(
                    "SELECT count(*) FROM mailbox WHERE kind = 'NON_GENUINE_CARTRIDGE' AND account_id = 'acc-ng'") == 1);
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM consumer_offsets WHERE topic = '"
                    + Topics.SUPPLY_EVENTS + "'") > 0);
        }
        assertThat(s.count("SELECT count(*) FROM notifications WHERE kind = 'NON_GENUINE_CARTRIDGE'")).isEqualTo(1);
        assertThat(s.text("SELECT body FROM mailbox WHERE kind = 'NON_GENUINE_CARTRIDGE'")).contains(serial, "slot C");
    }

    private static RestockResult restock(OrderDispatcher dispatcher, String sku, int quantity) {
        return dispatcher.tx().run(c -> dispatcher.commands().restock(c, sku, quantity));
    }

    private static CancelResult cancel(OrderDispatcher dispatcher, String orderId, String reason) {
        return dispatcher.tx().run(c -> dispatcher.commands().cancelOrder(c, orderId, reason));
    }

    private static int retryFailedPayments(OrderDispatcher dispatcher, String accountId) {
        return dispatcher.tx().run(c -> dispatcher.commands().retryFailedPayments(c, accountId));
    }
}
