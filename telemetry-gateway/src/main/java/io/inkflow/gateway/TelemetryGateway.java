package io.inkflow.gateway;

import io.inkflow.gateway.auth.AuthThrottle;
import io.inkflow.gateway.auth.CredentialStore;
import io.inkflow.gateway.auth.DeviceAuthenticator;
import io.inkflow.gateway.ingest.RejectedRecords;
import io.inkflow.gateway.ingest.ReportValidator;
import io.inkflow.gateway.kafka.CredentialFeed;
import io.inkflow.gateway.kafka.KafkaHealth;
import io.inkflow.gateway.kafka.KafkaReportSink;
import io.inkflow.gateway.metrics.GatewayMetrics;
import io.inkflow.gateway.metrics.HttpEndpoint;
import io.inkflow.gateway.mqtt.GatewayContext;
import io.inkflow.gateway.mqtt.InflightBudget;
import io.inkflow.gateway.mqtt.MqttServer;
import io.inkflow.gateway.mqtt.SessionRegistry;
import io.inkflow.gateway.mqtt.TlsContexts;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.metrics.JvmMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: MQTT listeners, the Kafka producer, the credential feed and the HTTP
 * endpoint, wired here in dependency order and closed in reverse. {@link #close()} drains: it
 * stops accepting and reading, waits for Kafka to acknowledge what is in flight (and sends those
 * PUBACKs), then disconnects everyone.
 */
public final class TelemetryGateway implements AutoCloseable {
    /** How often silent clients are looked for: a keepalive ends at most this late. */
    private static final Duration KEEPALIVE_SWEEP = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(TelemetryGateway.class);
    /** Connections waiting for a password check beyond this are refused as "server unavailable". */
    private static final int AUTH_QUEUE = 10_000;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final GatewayConfig config;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private SessionRegistry sessions;
    private InflightBudget budget;
    private MqttServer server;
    private KafkaReportSink sink;
    private int mqttPort = -1;
    private int tlsPort = -1;
    private int httpPort = -1;

    private TelemetryGateway(GatewayConfig config) {
        this.config = config;
    }

    /** Starts everything; the returned gateway is accepting connections. */
    public static TelemetryGateway start(GatewayConfig config) {
        TelemetryGateway gateway = new TelemetryGateway(config);
        try {
            gateway.startComponents();
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.close();
            throw new IllegalStateException("Interrupted while starting the gateway", e);
        } catch (IOException e) {
            gateway.close();
            throw new UncheckedIOException("Cannot start the gateway HTTP endpoint", e);
        }
    }

    private void startComponents() throws InterruptedException, IOException {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        closeables.push(registry::close);
        closeables.push(JvmMeters.bindTo(registry)::close);
        GatewayMetrics metrics = new GatewayMetrics(registry);

        CredentialStore credentials = new CredentialStore();
        sessions = new SessionRegistry();
        credentials.onRevoked(sessions::revoke);
        if (config.authRequired()) {
            CredentialFeed feed = new CredentialFeed(config.kafkaBootstrapServers(), config.kafkaSecurity(),
                    credentials);
            closeables.push(feed);
            feed.start();
        } else {
            credentials.markCaughtUp();
        }
        ExecutorService authExecutor = new ThreadPoolExecutor(config.authThreads(), config.authThreads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(AUTH_QUEUE),
                Thread.ofPlatform().name("gateway-auth-", 0).daemon().factory());
        closeables.push(authExecutor::shutdownNow);

        sink = new KafkaReportSink(config.kafkaBootstrapServers(), config.kafkaSecurity(),
                config.kafkaDeliveryTimeout(), config.kafkaBufferBytes(), config.kafkaLinger());
        closeables.push(() -> sink.close(config.shutdownDrain()));
        closeables.push(sink.bindMetrics(registry)::close);
        sink.warmUp();
        KafkaHealth kafkaHealth = new KafkaHealth(config.kafkaBootstrapServers(), config.kafkaSecurity());
        closeables.push(kafkaHealth);

        // Half the producer buffer: the rest absorbs record overhead and the rejected-records copies.
        budget = new InflightBudget(config.kafkaBufferBytes() / 2, metrics.inflight());
        GatewayContext context = new GatewayContext(config.limits(), config.authRequired(),
                new ReportValidator(new SchemaValidator(), clock, config.limits().maxReportBytes(),
                        config.maxFutureSkew()),
                new RejectedRecords(clock), sink, new DeviceAuthenticator(credentials),
                new AuthThrottle(clock, config.authFailuresBeforeBlock(), config.authBlock()), authExecutor,
                serial -> credentials.find(serial).map(c -> c.status() == CredentialStatus.ACTIVE).orElse(false),
                sessions, budget, metrics, System::nanoTime);

        server = new MqttServer(config.workerThreads(), config.epoll());
        closeables.push(server);
        // The connections' own clock: they note when they last heard from their client on it.
        server.every(KEEPALIVE_SWEEP, () -> sessions.closeSilent(context.nanoTime().getAsLong()));
        if (config.mqttEnabled()) {
            mqttPort = server.bind(config.bindHost(), config.mqttPort(), context, null);
        }
        if (config.tls().enabled()) {
            tlsPort = server.bind(config.bindHost(), config.tls().port(), context, TlsContexts.server(config.tls()));
        }
        HttpEndpoint http = HttpEndpoint.start(config.bindHost(), config.httpPort(), registry,
                () -> kafkaHealth.reachable() && server.bound() && credentials.caughtUp());
        closeables.push(http);
        httpPort = http.port();
        log.info("Telemetry gateway started [mqttPort={}, tlsPort={}, httpPort={}, authRequired={}]",
                mqttPort, tlsPort, httpPort, config.authRequired());
    }

    /** The plaintext MQTT port, or -1 when that listener is off. */
    public int mqttPort() {
        return mqttPort;
    }

    /** The TLS MQTT port, or -1 when that listener is off. */
    public int tlsPort() {
        return tlsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            drain(config.shutdownDrain());
        }
        while (!closeables.isEmpty()) {
            AutoCloseable closeable = closeables.pop();
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Error while stopping the gateway [component={}]", closeable.getClass().getSimpleName(), e);
            }
        }
        server = null;
        log.info("Telemetry gateway stopped");
    }

    private void drain(Duration timeout) {
        server.stopAccepting();
        sessions.stopReadingAll(timeout);
        log.info("Draining before shutdown [connections={}, inflight={}]", sessions.size(), budget.reports());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (budget.reports() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (budget.reports() > 0) {
            log.warn("Shutdown drain timed out; printers resend what was not acknowledged [inflight={}]",
                    budget.reports());
        }
        log.info("Drained [inflight={}]", budget.reports());
        sessions.disconnectAll();
        // Give clients the moment to read their last PUBACKs and close; shutting the event loops
        // down under them would reset connections with those acknowledgements still unread.
        long closeDeadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (sessions.size() > 0 && System.nanoTime() < closeDeadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
