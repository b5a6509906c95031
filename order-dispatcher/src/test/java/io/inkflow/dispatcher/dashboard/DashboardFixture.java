package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.DispatcherConfig;
import io.inkflow.dispatcher.OrderDispatcher;
import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.Address;
import io.inkflow.dispatcher.account.NewAccount;
import io.inkflow.dispatcher.account.PaymentMethod;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Everything the dashboard runs against, real: an in-process Kafka broker, an embedded PostgreSQL and the
 * order dispatcher itself (ingesting from Kafka, reserving stock, charging and shipping with its
 * sandboxes), whose HTTP API serves the dashboard, with the API's real tokens (the configured admin token,
 * FULFILMENT and CUSTOMER tokens issued through the API). Every SKU starts with one unit of stock, so the
 * second order of a SKU is backordered.
 */
final class DashboardFixture implements AutoCloseable {
    static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    static final String MODEL = "pixma-ts8320";
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();

    final KafkaTestBroker broker;
    final EmbeddedPostgres postgres;
    final OrderDispatcher dispatcher;
    final String fulfilmentToken;
    final String customerToken;
    final String payingAccount;
    final String decliningAccount;
    private final KafkaProducer<String, byte[]> producer;
    private int sequence;

    private DashboardFixture(KafkaTestBroker broker, EmbeddedPostgres postgres, OrderDispatcher dispatcher,
                             String payingAccount, String decliningAccount, KafkaProducer<String, byte[]> producer) {
        this.broker = broker;
        this.postgres = postgres;
        this.dispatcher = dispatcher;
        this.fulfilmentToken = issueToken(dispatcher.httpPort(), "{\"role\":\"FULFILMENT\"}");
        this.customerToken = issueToken(dispatcher.httpPort(),
                "{\"role\":\"CUSTOMER\",\"accountId\":\"" + payingAccount + "\"}");
        this.payingAccount = payingAccount;
        this.decliningAccount = decliningAccount;
        this.producer = producer;
    }

    static DashboardFixture start(Path tempDir) throws IOException, SQLException {
        KafkaTestBroker broker = KafkaTestBroker.start(tempDir.resolve("kafka"));
        EmbeddedPostgres postgres = null;
        OrderDispatcher dispatcher = null;
        try {
            broker.createInkflowTopics(2);
            postgres = EmbeddedPostgres.builder().start();
            dispatcher = OrderDispatcher.start(DispatcherConfig.fromEnv(dispatcherEnv(broker, postgres)));
            AccountStore accounts = new AccountStore();
            String paying;
            String declining;
            try (Connection c = dispatcher.dataSource().getConnection()) {
                Address address = new Address("Ada Lovelace", "1 Analytical Way", null, "London", null, "N1 1AA", "GB");
                paying = accounts.create(c, new NewAccount("ada@example.com", "Ada", address,
                        new PaymentMethod("tok_visa_4242", "visa", "4242")), Instant.now());
                declining = accounts.create(c, new NewAccount("bob@example.com", "Bob", address,
                        new PaymentMethod("tok_decline_0002", "visa", "0002")), Instant.now());
            }


            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
            return new DashboardFixture(broker, postgres, dispatcher, paying, declining, producer);
        } catch (IOException | SQLException | RuntimeException e) {
            if (dispatcher != null) {
                dispatcher.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            broker.stop();
            throw e;
        }
    }

    /** The fixture's dispatcher configuration, for a second dispatcher on the same broker and database. */
    DispatcherConfig config(Map<String, String> overrides) {
        Map<String, String> env = dispatcherEnv(broker, postgres);
        env.putAll(overrides);
        return DispatcherConfig.fromEnv(env);
    }

    private static Map<String, String> dispatcherEnv(KafkaTestBroker broker, EmbeddedPostgres postgres) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("DISPATCHER_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("DISPATCHER_DB_USER", "postgres");
        env.put("DISPATCHER_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("DISPATCHER_HTTP_PORT", "0");
        env.put("DISPATCHER_INITIAL_STOCK", "1");
        env.put("DISPATCHER_POLL_INTERVAL_MS", "50");
        env.put("DISPATCHER_DB_POOL_SIZE", "8");
        env.put("DISPATCHER_FULFILMENT_CONCURRENCY", "4");
        env.put("DISPATCHER_DASHBOARD_PUSH_MS", "300");
        return env;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + dispatcher.httpPort();
    }

    /** A real API token, issued through the API by the admin. */
    private static String issueToken(int port, String body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Token not issued: " + response.statusCode() + " " + response.body());
            }
            return Json.mapper().readTree(response.body()).get("apiToken").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes one replenishment order, as the streams application would; returns its order id. */
    String order(String accountId, String serial, String slot, String sku) {
        ReplenishmentOrder order = orderMessage(accountId, serial, slot, sku);
        send(Topics.ORDERS, serial, JsonSerde.of(ReplenishmentOrder.class).serialize(Topics.ORDERS, order));
        return order.orderId();
    }

    /** Publishes raw bytes on the orders topic (a record the dispatcher may set aside). */
    void rawOrder(String key, byte[] value) {
        send(Topics.ORDERS, key, value);
    }

    /** A replenishment order as the streams application would publish it, not yet published. */
    ReplenishmentOrder orderMessage(String accountId, String serial, String slot, String sku) {
        String enrollmentId = "enr-" + serial;
        int cycle = ++sequence;
        CatalogEntry model = modelOf(sku);
        return new ReplenishmentOrder(OrderIds.derive(enrollmentId, serial, slot, cycle), serial, model.model(),
                model.series(), enrollmentId,
                accountId, Channel.CANON, slot, sku, slot, "cart-" + cycle, cycle, OrderTrigger.THRESHOLD, 9, 12, null,
                cycle, Instant.now());
    }

    /** The first catalog model (the TS8320 for its own supplies) that takes the SKU. */
    private static CatalogEntry modelOf(String sku) {
        return CATALOG.entries().stream()
                .filter(e -> e.slots().stream().anyMatch(slot -> slot.sku().equals(sku)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No catalog model takes " + sku));
    }

    void execute(String sql) {
        try (Connection c = dispatcher.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void rejection(RejectionReason reason) {
        RejectedRecord record = new RejectedRecord("telemetry-gateway", reason, "test", "SN-REJ-1", "mqtt",
                "e30=", Instant.now());
        send(Topics.TELEMETRY_REJECTED, "SN-REJ-1",
                JsonSerde.of(RejectedRecord.class).serialize(Topics.TELEMETRY_REJECTED, record));
    }

    void lowSignal(String serial) {
        SupplyEvent event = new SupplyEvent(UUID.randomUUID().toString(), SupplyEventType.LOW_SIGNAL, serial, MODEL,
                payingAccount, "BK", "CLI-281 BK", "cart-low", 11, null, null, Instant.now());
        send(Topics.SUPPLY_EVENTS, serial, JsonSerde.of(SupplyEvent.class).serialize(Topics.SUPPLY_EVENTS, event));
    }

    /** Telemetry volume is read from end offsets only, so the payload does not matter to the dashboard. */
    void telemetry(int reports) {
        for (int i = 0; i < reports; i++) {
            send(Topics.TELEMETRY, "SN-TEL-" + (i % 5), "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic, e);
        }
    }

    /** The customer asks to cancel an order, as the portal's order page does; returns the request id. */
    String cancellationRequest(String accountId, String orderId, String reason) {
        CancellationRequests requests = new CancellationRequests(new NotificationOutbox(Clock.systemUTC()));
        CancellationRequests.Outcome outcome = dispatcher.tx().run(c -> requests.request(c, accountId, orderId,
                reason, Instant.now()));
        return ((CancellationRequests.Outcome.Requested) outcome).requestId();
    }

    String orderState(String orderId) {
        return queryString("SELECT state FROM orders WHERE order_id = '" + orderId + "'");
    }

    String queryString(String sql) {
        try (Connection c = dispatcher.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        producer.close();
        dispatcher.close();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            broker.stop();
        }
    }
}
