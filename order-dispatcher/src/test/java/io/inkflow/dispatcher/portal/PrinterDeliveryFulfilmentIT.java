package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness;
import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.dispatcher.OrderDispatcher;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ReplenishmentOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real dispatcher (Kafka ingest, fulfilment worker, sandbox payment and carrier) ships an order to the
 * address chosen for its printer and charges the card chosen for it, as they are when it ships: here the
 * printer's address and card are changed after the order was created, while it waits for stock.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrinterDeliveryFulfilmentIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SKU = "PGI-280 PGBK";

    @TempDir
    static Path kafkaDir;
    static DispatcherHarness harness;

    @BeforeAll
    static void start() {
        harness = DispatcherHarness.start(kafkaDir);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aShipmentGoesToThePrintersAddressAndCardAsChangedAfterTheOrder() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "0"));
        s.insertAccount("acc-branch", "tok_account_default");
        s.exec("""
                INSERT INTO printers (serial, model, first_enrolled_at, updated_at) VALUES ('SER-BRANCH', 'pixma-ts8320', now(), now());
                INSERT INTO enrollments (enrollment_id, serial, model, account_id, channel, status, enrolled_at, updated_at)
                    VALUES ('enr-SER-BRANCH', 'SER-BRANCH', 'pixma-ts8320', 'acc-branch', 'CANON', 'ACTIVE', now(), now());
                INSERT INTO address_book (address_id, account_id, label, name, line1, city, postal_code, country,
                                          default_shipping, default_billing, created_at, updated_at)
                    VALUES ('adr-home', 'acc-branch', 'Home', 'Ada Lovelace', '12 Analytical Way', 'London', 'N1 7AA', 'GB',
                            true, true, now(), now()),
                           ('adr-shop', 'acc-branch', 'Shop', 'Ada Lovelace', '9 Market Street', 'Leeds', 'LS1 1AA', 'GB',
                            false, false, now(), now());
                INSERT INTO payment_methods (method_id, account_id, provider_token, brand, last4, exp_month, exp_year,
                                             is_default, created_at)
                    VALUES ('pm-shop', 'acc-branch', 'tok_sandbox_shop_card', 'Mastercard', '4444', 1, 2099, false, now());
                INSERT INTO printer_delivery (enrollment_id, account_id, address_id, payment_method_id, updated_at)
                    VALUES ('enr-SER-BRANCH', 'acc-branch', 'adr-home', NULL, now());""");
        ReplenishmentOrder order = DispatcherHarness.order("acc-branch", "SER-BRANCH", "PGBK", SKU, 1, Channel.CANON,
                Instant.now());
        harness.publish(s.topic(), List.of(order));

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(order.orderId())));
            // the customer picks another address and card for this printer on its page, after the order exists
            s.exec("UPDATE printer_delivery SET address_id = 'adr-shop', payment_method_id = 'pm-shop', "
                    + "updated_at = now() WHERE enrollment_id = 'enr-SER-BRANCH'");
            dispatcher.tx().run(c -> dispatcher.commands().restock(c, SKU, 1));
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
        }

        assertThat(s.text("SELECT ship_to->>'line1' FROM shipments WHERE order_id = '" + order.orderId() + "'"))
                .isEqualTo("9 Market Street");
        assertThat(s.text("SELECT payment_token FROM payment_attempts WHERE order_id = '" + order.orderId() + "'"))
                .isEqualTo("tok_sandbox_shop_card");
        assertThat(s.text("SELECT ship_line1 FROM accounts WHERE account_id = 'acc-branch'"))
                .as("the account's own default is untouched").isNotEqualTo("9 Market Street");
    }

    @Test
    void withoutAChoiceForThePrinterTheAccountsCurrentAddressAndCardAreUsed() {
        Scenario s = harness.scenario(Map.of());
        s.insertAccount("acc-plain", "tok_plain_default");
        ReplenishmentOrder order = DispatcherHarness.order("acc-plain", "SER-PLAIN", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(order));

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
        }

        assertThat(s.text("SELECT ship_to->>'line1' FROM shipments WHERE order_id = '" + order.orderId() + "'"))
                .isEqualTo("12 Analytical Way");
        assertThat(s.text("SELECT payment_token FROM payment_attempts WHERE order_id = '" + order.orderId() + "'"))
                .isEqualTo("tok_plain_default");
    }
}
