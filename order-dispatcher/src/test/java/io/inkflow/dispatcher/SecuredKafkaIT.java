package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ReplenishmentOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher against a broker that demands a SASL login, configured only by the KAFKA_SECURITY_PROTOCOL
 * and KAFKA_SASL_* variables: it publishes the catalog, ingests an order and relays the order's events
 * through the secured listener; with a wrong password it does not start and says why.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecuredKafkaIT {
    @TempDir
    static Path kafkaDir;
    static DispatcherHarness harness;

    @BeforeAll
    static void startHarness() {
        harness = DispatcherHarness.startSaslPlain(kafkaDir, "dispatcher", "dispatcher-pw");
    }

    @AfterAll
    static void stopHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void ingestsAnOrderAndRelaysItsEventsThroughTheSaslListener() throws Exception {
        Scenario s = harness.scenario(Map.of("DISPATCHER_PUBLISH_CATALOG", "true"));
        s.insertAccount("acc-sasl", "tok_visa");
        ReplenishmentOrder order = DispatcherHarness.order("acc-sasl", "SASL-1", 1, Channel.CANON);
        harness.publish(s.topic(), List.of(order));

        try (OrderEventCollector events = new OrderEventCollector(harness.broker().clientProperties());
             OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> s.count(
                    "SELECT count(*) FROM orders WHERE order_id = '" + order.orderId() + "'") == 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> !events.of(order.orderId()).isEmpty());
        }
    }

    @Test
    void aWrongPasswordFailsTheStartNamingTheRefusedLogin() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_PUBLISH_CATALOG", "true"));

        assertThatThrownBy(() -> OrderDispatcher.start(s.config(Map.of("KAFKA_SASL_PASSWORD", "not-the-password"))))
                .hasMessageContaining("Cannot publish the model catalog")
                .hasMessageContaining("Authentication failed: Invalid username or password");
    }
}
