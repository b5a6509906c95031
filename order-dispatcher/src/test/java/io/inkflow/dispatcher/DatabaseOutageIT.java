package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.testkit.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped in immediate mode (every backend killed, nothing checkpointed) for 30 seconds while
 * orders keep arriving and are charged and shipped, then started again. The same dispatcher, never
 * restarted, says it is not ready during the outage, recovers by itself, and in the end every order is
 * stored once, charged once and shipped once, as the sandbox provider's and carrier's ledgers show.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DatabaseOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String ACCOUNT = "acc-outage";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thirtySecondsWithoutPostgresLoseNothingAndDoubleNothing() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"));
             PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"), dir.resolve("postgres.log"))) {
            broker.createInkflowTopics(2);
            String topic = "outage.orders";
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            }
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("DISPATCHER_JDBC_URL", postgres.jdbcUrl());
            env.put("DISPATCHER_DB_USER", postgres.user());
            env.put("DISPATCHER_DB_PASSWORD", postgres.password());
            env.put("DISPATCHER_HTTP_PORT", "0");
            env.put("DISPATCHER_ADMIN_TOKEN", ApiClient.ADMIN_TOKEN);
            env.put("DISPATCHER_ORDERS_TOPIC", topic);
            env.put("DISPATCHER_PUBLISH_CATALOG", "false");
            env.put("DISPATCHER_POLL_INTERVAL_MS", "50");
            env.put("DISPATCHER_RETRY_BACKOFF_MS", "200");
            env.put("DISPATCHER_LEASE_SECONDS", "20");
            env.put("DISPATCHER_SANDBOX_LATENCY_MS", "20");
            env.put("DISPATCHER_INITIAL_STOCK", "10000");

            Map<String, ReplenishmentOrder> sent = new ConcurrentHashMap<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            try (OrderDispatcher dispatcher = OrderDispatcher.start(DispatcherConfig.fromEnv(env))) {
                exec(postgres, "INSERT INTO accounts (account_id, email, name, ship_name, ship_line1, ship_city,"
                        + " ship_postal_code, ship_country, payment_token, created_at, updated_at) VALUES ('" + ACCOUNT
                        + "', 'o@example.com', 'Olive', 'Olive', '1 Main St', 'Springfield', '12345', 'US',"
                        + " 'tok_visa', now(), now())");
                Thread producer = Thread.ofPlatform().name("outage-orders").start(() ->
                        produce(broker.bootstrapServers(), topic, sent, producing));
                try {
                    // orders flow, some are shipped
                    await().atMost(Duration.ofSeconds(60)).until(() -> count(postgres,
                            "SELECT count(*) FROM orders WHERE state = 'SHIPPED'") >= 20);
                    assertThat(ready(dispatcher)).isEqualTo(200);

                    postgres.stopImmediately();
                    Instant stoppedAt = Instant.now();
                    await().atMost(Duration.ofSeconds(15)).until(() -> ready(dispatcher) == 503);
                    int sentDuringOutage = sent.size();
                    while (Duration.between(stoppedAt, Instant.now()).compareTo(OUTAGE) < 0) {
                        assertThat(ready(dispatcher)).as("not ready while the database is down").isEqualTo(503);
                        Thread.sleep(1_000);
                    }
                    assertThat(sent.size()).as("orders kept arriving during the outage")
                            .isGreaterThan(sentDuringOutage);
                    postgres.startAgain(Duration.ofSeconds(60));

                    await().atMost(Duration.ofSeconds(60)).until(() -> ready(dispatcher) == 200);
                } finally {
                    producing.set(false);
                    producer.join();
                }
                int total = sent.size();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> count(postgres,
                        "SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == total);
            }

            int total = sent.size();
            assertThat(count(postgres, "SELECT count(*) FROM orders")).as("every order stored once").isEqualTo(total);
            assertThat(count(postgres, "SELECT count(*) FROM dead_letters")).isZero();
            assertThat(count(postgres, "SELECT count(*) FROM sandbox_payment_ledger")).as("one charge per order")
                    .isEqualTo(total);
            assertThat(count(postgres, "SELECT count(DISTINCT reference) FROM sandbox_payment_ledger"
                    + " WHERE outcome = 'CAPTURED'")).isEqualTo(total);
            assertThat(count(postgres, "SELECT count(*) FROM sandbox_carrier_ledger")).as("one parcel per order")
                    .isEqualTo(total);
            assertThat(count(postgres, "SELECT count(DISTINCT reference) FROM sandbox_carrier_ledger")).isEqualTo(total);
            assertThat(count(postgres, "SELECT count(*) FROM order_events WHERE to_state = 'CHARGED'")).isEqualTo(total);
            assertThat(count(postgres, "SELECT count(*) FROM order_events WHERE to_state = 'SHIPPED'")).isEqualTo(total);
            assertThat(count(postgres, "SELECT count(*) FROM notifications WHERE kind = 'SHIPMENT'")).isEqualTo(total);
            assertThat(count(postgres, "SELECT count(*) FROM orders o JOIN sandbox_carrier_ledger l"
                    + " ON l.reference = o.order_id AND l.tracking_number = o.tracking_number")).isEqualTo(total);
            assertThat(count(postgres, "SELECT coalesce(sum(reserved), 0) FROM inventory")).isZero();
            for (ReplenishmentOrder order : sent.values()) {
                assertThat(count(postgres, "SELECT count(*) FROM orders WHERE order_id = '" + order.orderId() + "'"))
                        .isEqualTo(1);
            }
        }
    }

    /** About 40 orders a second until told to stop, each acknowledged by Kafka before it counts as sent. */
    private static void produce(String bootstrapServers, String topic, Map<String, ReplenishmentOrder> sent,
                                AtomicBoolean producing) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(),
                JsonSerde.of(ReplenishmentOrder.class).serializer())) {
            for (int i = 0; producing.get(); i++) {
                ReplenishmentOrder order = DispatcherHarness.order(ACCOUNT, "SER-OUT-" + i, 1, Channel.CANON);
                producer.send(new ProducerRecord<>(topic, order.serial(), order)).get();
                sent.put(order.orderId(), order);
                Thread.sleep(25);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot produce orders", e);
        }
    }

    private int ready(OrderDispatcher dispatcher) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dispatcher.httpPort()
                        + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static long count(PostgresServer postgres, String sql) {
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void exec(PostgresServer postgres, String sql) {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
