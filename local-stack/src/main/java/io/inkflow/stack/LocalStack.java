package io.inkflow.stack;

import io.inkflow.dispatcher.DispatcherConfig;
import io.inkflow.dispatcher.OrderDispatcher;
import io.inkflow.dispatcher.portal.DemoCustomer;
import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.TelemetryGateway;
import io.inkflow.streams.ReplenishmentApp;
import io.inkflow.streams.StreamsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of InkFlow in one JVM: a real KRaft broker, PostgreSQL, the dispatcher, the streams
 * application and the gateway, started in dependency order and closed in reverse. Each service is
 * configured exactly as in production: through the environment map its {@code fromEnv} reads.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LocalStackConfig config;
    private EmbeddedKafkaBroker broker;
    private Database database;
    private OrderDispatcher dispatcher;
    private ReplenishmentApp streams;
    private TelemetryGateway gateway;
    private String demoAccountId;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    public static LocalStack start(LocalStackConfig config) {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path dataDir = config.dataDir().toAbsolutePath();
        if (config.clean()) {
            deleteRecursively(dataDir);
        }
        broker = remember(EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), config.kafkaPort(), config.partitions()));

        database = remember(config.jdbcUrl()
                .map(url -> Database.external(url, config.dbUser(), config.dbPassword()))
                .orElseGet(() -> Database.embedded(dataDir.resolve("postgres"))));

        dispatcher = remember(OrderDispatcher.start(DispatcherConfig.fromEnv(dispatcherEnv())));
        demoAccountId = DemoCustomer.ensure(dispatcher.dataSource(), "Demo Customer", config.demoEmail(),
                config.demoPassword(), Clock.systemUTC());
        streams = remember(ReplenishmentApp.start(StreamsConfig.fromEnv(streamsEnv(dataDir))));
        gateway = remember(TelemetryGateway.start(GatewayConfig.fromEnv(gatewayEnv())));
        log.info("InkFlow local stack started [kafka={}, mqttPort={}, httpPort={}]",
                broker.bootstrapServers(), gateway.mqttPort(), dispatcher.httpPort());
    }

    Map<String, String> dispatcherEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("DISPATCHER_JDBC_URL", database.jdbcUrl());
        env.put("DISPATCHER_DB_USER", database.user());
        env.put("DISPATCHER_DB_PASSWORD", database.password());
        env.put("DISPATCHER_HTTP_PORT", String.valueOf(config.httpPort()));
        env.put("DISPATCHER_ADMIN_TOKEN", config.adminToken());
        if (config.httpPort() != 0) {
            // the links in the mails (e-mail confirmation, password reset) point at this stack's pages
            env.put("DISPATCHER_PUBLIC_BASE_URL", "http://127.0.0.1:" + config.httpPort());
        }
        return env;
    }

    Map<String, String> streamsEnv(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("STREAMS_STATE_DIR", dataDir.resolve("streams-state").toString());
        env.put("STREAMS_HTTP_PORT", String.valueOf(config.streamsHttpPort()));
        env.put("STREAMS_COMMIT_INTERVAL_MS", "200");
        // the customer pages show level changes within seconds on a laptop (production default: 60 s)
        env.put("STREAMS_STATUS_MIN_INTERVAL_SECONDS", "5");
        return env;
    }

    Map<String, String> gatewayEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("GATEWAY_MQTT_PORT", String.valueOf(config.mqttPort()));
        env.put("GATEWAY_HTTP_PORT", String.valueOf(config.gatewayHttpPort()));
        return env;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public int mqttPort() {
        return gateway.mqttPort();
    }

    public int httpPort() {
        return dispatcher.httpPort();
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public String dbUser() {
        return database.user();
    }

    public String dbPassword() {
        return database.password();
    }

    /** The account of the ready-made customer ({@link LocalStackConfig#demoEmail()}). */
    public String demoAccountId() {
        return demoAccountId;
    }

    public LocalStackConfig config() {
        return config;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.push(component);
        return component;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                log.warn("Component did not close cleanly [component={}]", component.getClass().getSimpleName(), e);
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + dir, e);
        }
    }
}
