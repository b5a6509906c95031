package io.inkflow.dispatcher;

import io.inkflow.dispatcher.persistence.Database;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.Series;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker and a real PostgreSQL server shared by one test class; each test gets its own
 * database and orders topic so tests cannot see each other's rows.
 */
public final class DispatcherHarness implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final EmbeddedPostgres postgres;
    private final KafkaTestBroker broker;

    private DispatcherHarness(EmbeddedPostgres postgres, KafkaTestBroker broker) {
        this.postgres = postgres;
        this.broker = broker;
    }

    public static DispatcherHarness start(Path kafkaDir) {
        return start(kafkaDir, Map.of());
    }

    /**
     * With PostgreSQL server settings on top of zonky's (which turn {@code synchronous_commit} off for
     * speed): the benchmarks run with PostgreSQL's own defaults, durable commits included.
     */
    public static DispatcherHarness start(Path kafkaDir, Map<String, String> postgresSettings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            postgresSettings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            KafkaTestBroker broker = KafkaTestBroker.start(kafkaDir);
            broker.createInkflowTopics(2);
            return new DispatcherHarness(postgres, broker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With a broker whose listener demands a SASL PLAIN login as {@code user}; scenarios log in as that user. */
    public static DispatcherHarness startSaslPlain(Path kafkaDir, String user, String password) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            KafkaTestBroker broker = KafkaTestBroker.startSaslPlain(kafkaDir, Map.of(user, password), user);
            broker.createInkflowTopics(2);
            return new DispatcherHarness(postgres, broker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KafkaTestBroker broker() {
        return broker;
    }

    /** A fresh migrated database, an orders topic of its own, and a configuration pointing at both. */
    public Scenario scenario(Map<String, String> overrides) {
        return scenario(overrides, 2);
    }

    /** As {@link #scenario(Map)}, with an orders topic of {@code partitions} partitions. */
    public Scenario scenario(Map<String, String> overrides, int partitions) {
        int n = NEXT.incrementAndGet();
        String db = "dispatcher_" + n;
        execute(postgres.getJdbcUrl("postgres", "postgres"), "CREATE DATABASE " + db);
        String jdbcUrl = postgres.getJdbcUrl("postgres", db);
        String topic = createTopic("test.orders." + n, partitions);
        try (var pool = Database.pool(jdbcUrl, "postgres", "postgres", 2, "test-migrate", new SimpleMeterRegistry())) {
            Database.migrate(pool);
        }
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.putAll(broker.clientEnv());
        env.put("DISPATCHER_JDBC_URL", jdbcUrl);
        env.put("DISPATCHER_DB_USER", "postgres");
        env.put("DISPATCHER_DB_PASSWORD", "postgres");
        env.put("DISPATCHER_DB_POOL_SIZE", "6");
        env.put("DISPATCHER_HTTP_PORT", "0");
        env.put("DISPATCHER_ADMIN_TOKEN", "test-admin-token-0123456789");
        env.put("DISPATCHER_GROUP_ID", "dispatcher-test-" + n);
        env.put("DISPATCHER_ORDERS_TOPIC", topic);
        env.put("DISPATCHER_PUBLISH_CATALOG", "false");
        env.put("DISPATCHER_POLL_INTERVAL_MS", "50");
        env.put("DISPATCHER_LEASE_SECONDS", "1");
        env.put("DISPATCHER_RETRY_BACKOFF_MS", "100");
        env.put("DISPATCHER_FULFILMENT_CONCURRENCY", "4");
        env.putAll(overrides);
        return new Scenario(jdbcUrl, topic, DispatcherConfig.fromEnv(env));
    }

    /** A topic of its own for a test (for example for printer statuses no other test reads); returns its name. */
    public String createTopic(String name, int partitions) {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create " + name, e);
        }
        return name;
    }

    /** One test's database, topic and configuration. */
    public record Scenario(String jdbcUrl, String topic, DispatcherConfig config) {

        public DispatcherConfig config(Map<String, String> overrides) {
            return config.with(overrides);
        }

        public void insertAccount(String accountId, String paymentToken) {
            exec("""
                    INSERT INTO accounts (account_id, email, name, ship_name, ship_line1, ship_city, ship_postal_code,
                                          ship_country, payment_token, created_at, updated_at)
                    VALUES ('%s', '%s@example.com', 'Ada Lovelace', 'Ada Lovelace', '12 Analytical Way', 'London',
                            'N1 7AA', 'GB', '%s', now(), now())""".formatted(accountId, accountId, paymentToken));
        }

        public void exec(String sql) {
            execute(jdbcUrl, sql);
        }

        public long count(String sql) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        public String text(String sql) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        public String state(String orderId) {
            return text("SELECT state FROM orders WHERE order_id = '" + orderId + "'");
        }
    }

    /** Publishes orders to a topic and waits for Kafka's acknowledgement. */
    public void publish(String topic, List<ReplenishmentOrder> orders) {
        publish(topic, ReplenishmentOrder.class, ReplenishmentOrder::serial, orders);
    }

    /** Publishes printer statuses to {@link Topics#PRINTER_STATUS} as the streams application does. */
    public void publishStatuses(List<PrinterStatus> statuses) {
        publishStatuses(Topics.PRINTER_STATUS, statuses);
    }

    /** Publishes printer statuses to {@code topic}. */
    public void publishStatuses(String topic, List<PrinterStatus> statuses) {
        publish(topic, PrinterStatus.class, PrinterStatus::serial, statuses);
    }

    private <T> void publish(String topic, Class<T> type, Function<T, String> key, List<T> messages) {
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                JsonSerde.of(type).serializer())) {
            for (T message : messages) {
                producer.send(new ProducerRecord<>(topic, key.apply(message), message));
            }
            producer.flush();
        }
    }

    /**
     * Publishes raw record values with one key (so one partition, in this order) and waits for Kafka's
     * acknowledgement: how a test puts bad bytes between good records.
     */
    public void publishRaw(String topic, String key, List<byte[]> values) {
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    /** A THRESHOLD order of a PIXMA TS8320 black cartridge for the account. */
    public static ReplenishmentOrder order(String accountId, String serial, int cycle, Channel channel) {
        return order(accountId, serial, "PGBK", "PGI-280 PGBK", cycle, channel, Instant.now());
    }

    public static ReplenishmentOrder order(String accountId, String serial, String slot, String sku, int cycle,
                                           Channel channel, Instant createdAt) {
        String enrollmentId = "enr-" + serial;
        return new ReplenishmentOrder(OrderIds.derive(enrollmentId, serial, slot, cycle), serial, "pixma-ts8320",
                Series.PIXMA, enrollmentId, accountId, channel, slot, sku, "pigment black", slot + "-cart-" + cycle, cycle,
                OrderTrigger.THRESHOLD, 14, 15, null, 100L + cycle, createdAt);
    }

    static void execute(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        broker.close();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
