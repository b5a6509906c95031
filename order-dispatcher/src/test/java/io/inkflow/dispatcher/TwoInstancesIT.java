package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ReplenishmentOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two dispatchers on one database and one consumer group share the work and never do anything twice. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwoInstancesIT extends WithHarness {
    private static final int ORDERS = 200;

    @Test
    void twoInstancesProcessDisjointOrdersAndNothingTwice() {
        // a little latency so both instances have orders in flight at the same time
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "1000", "DISPATCHER_SANDBOX_LATENCY_MS", "10",
                "DISPATCHER_FULFILMENT_CONCURRENCY", "8"));
        s.insertAccount("acc-two", "tok_visa");
        List<ReplenishmentOrder> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(DispatcherHarness.order("acc-two", "SER-TWO-" + i, 1, Channel.CANON));
        }
        try (OrderDispatcher a = OrderDispatcher.start(s.config(Map.of("DISPATCHER_INSTANCE_ID", "instance-a")));
             OrderDispatcher b = OrderDispatcher.start(s.config(Map.of("DISPATCHER_INSTANCE_ID", "instance-b")))) {
            harness.publish(s.topic(), orders);
            await().atMost(Duration.ofSeconds(90)).until(
                    () -> s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == ORDERS);
            double shippedByA = a.metrics().counter("dispatcher.shipments", "outcome", "SHIPPED").count();
            double shippedByB = b.metrics().counter("dispatcher.shipments", "outcome", "SHIPPED").count();
            assertThat(shippedByA + shippedByB).isEqualTo(ORDERS);
            assertThat(shippedByA).as("instance a did some of the work").isPositive();
            assertThat(shippedByB).as("instance b did some of the work").isPositive();
            double ingested = a.metrics().counter("dispatcher.orders.ingested").count()
                    + b.metrics().counter("dispatcher.orders.ingested").count();
            assertThat(ingested).isEqualTo(ORDERS);
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED'")).isEqualTo(ORDERS);
        assertThat(s.count("SELECT count(DISTINCT reference) FROM sandbox_payment_ledger")).isEqualTo(ORDERS);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(ORDERS);
        assertThat(s.count("SELECT count(*) FROM order_events WHERE to_state = 'SHIPPED'")).isEqualTo(ORDERS);
        assertThat(s.count("SELECT count(*) FROM notifications WHERE kind = 'SHIPMENT'")).isEqualTo(ORDERS);
        assertThat(s.count("SELECT on_hand FROM inventory WHERE sku = 'PGI-280 PGBK'")).isEqualTo(1000 - ORDERS);
    }
}
