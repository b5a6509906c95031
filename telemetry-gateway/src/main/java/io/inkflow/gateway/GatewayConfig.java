package io.inkflow.gateway;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.schemas.config.Env;
import io.inkflow.schemas.config.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the gateway reads from its environment, with the defaults in one place
 * ({@link #fromEnv(Map)}). Invalid values fail at start-up naming the variable. Every variable is
 * listed in the module README.
 *
 * @param kafkaBootstrapServers  {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param kafkaSecurity          TLS and SASL of every Kafka client ({@code KAFKA_SECURITY_PROTOCOL} and the rest)
 * @param mqttEnabled            plaintext MQTT listener on or off
 * @param bindHost               interface for the MQTT, TLS and HTTP listeners
 * @param mqttPort               plaintext listener port, 0 picks a free one
 * @param tls                    the TLS listener, when enabled
 * @param httpPort               metrics and health endpoint port, 0 picks a free one
 * @param authRequired           whether CONNECT must carry a valid serial and device secret
 * @param limits                 protocol, size and rate limits
 * @param maxFutureSkew          how far a report's timestamp may run ahead of the gateway clock
 * @param authFailuresBeforeBlock failed CONNECTs from one address before it is throttled
 * @param authBlock              how long a throttled address is refused without checking
 * @param kafkaDeliveryTimeout   the producer's delivery timeout; past it the connection closes unacknowledged
 * @param kafkaBufferBytes       the producer's buffer; the gateway keeps its in-flight bytes below it
 * @param kafkaLinger            how long the producer waits to fill a batch; every PUBACK waits for it too
 * @param shutdownDrain          how long close() waits for in-flight reports to be acknowledged
 * @param ioThreads              Netty worker threads, 0 for one per core ({@link #workerThreads()})
 * @param authThreads            threads that run the slow password hash off the event loop
 * @param epoll                  use native epoll where available
 */
public record GatewayConfig(String kafkaBootstrapServers, KafkaSecurity kafkaSecurity, boolean mqttEnabled, String bindHost, int mqttPort,
                            TlsSettings tls, int httpPort, boolean authRequired, Limits limits,
                            Duration maxFutureSkew, int authFailuresBeforeBlock, Duration authBlock,
                            Duration kafkaDeliveryTimeout, long kafkaBufferBytes, Duration kafkaLinger,
                            Duration shutdownDrain,
                            int ioThreads, int authThreads, boolean epoll) {

    public GatewayConfig {
        requireText("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        requireText("GATEWAY_BIND_HOST", bindHost);
        requirePort("GATEWAY_MQTT_PORT", mqttPort);
        requirePort("GATEWAY_HTTP_PORT", httpPort);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        if (!mqttEnabled && !tls.enabled()) {
            throw new IllegalArgumentException("GATEWAY_MQTT_ENABLED and GATEWAY_TLS_ENABLED are both false: no listener");
        }
        requirePositive("GATEWAY_MAX_FUTURE_SKEW_SECONDS", maxFutureSkew.toSeconds());
        requirePositive("GATEWAY_AUTH_FAILURES_BEFORE_BLOCK", authFailuresBeforeBlock);
        requirePositive("GATEWAY_AUTH_BLOCK_SECONDS", authBlock.toSeconds());
        requirePositive("GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS", kafkaDeliveryTimeout.toMillis());
        if (kafkaBufferBytes < 1024 * 1024) {
            throw new IllegalArgumentException("GATEWAY_KAFKA_BUFFER_BYTES must be at least 1 MiB, was " + kafkaBufferBytes);
        }
        // Every report's PUBACK waits for the linger, so more than a second is a mistake, not a tuning.
        if (kafkaLinger.isNegative() || kafkaLinger.toMillis() > 1_000
                || kafkaLinger.toMillis() >= kafkaDeliveryTimeout.toMillis()) {
            throw new IllegalArgumentException("GATEWAY_KAFKA_LINGER_MS must be from 0 to 1000 and below "
                    + "GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS, was " + kafkaLinger.toMillis());
        }
        if (shutdownDrain.isNegative()) {
            throw new IllegalArgumentException("GATEWAY_SHUTDOWN_DRAIN_MS must not be negative");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("GATEWAY_IO_THREADS must be 0 or more, was " + ioThreads);
        }
        requirePositive("GATEWAY_AUTH_THREADS", authThreads);
    }

    /**
     * The Netty worker threads to start. 0 means one per core, not Netty's two: the event loops never
     * block, and on two cores four of them cost 15 to 40% more CPU per report for no better PUBACK
     * latency (docs/benchmarks.md, 2026-12-02 20:33).
     */
    public int workerThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Reads the configuration; absent variables take the defaults written here and nowhere else. */
    public static GatewayConfig fromEnv(Map<String, String> environment) {
        Env env = new Env(environment);
        TlsSettings tls = new TlsSettings(
                env.bool("GATEWAY_TLS_ENABLED", false),
                env.integer("GATEWAY_TLS_PORT", 8883),
                env.path("GATEWAY_TLS_CERT_FILE", null),
                env.path("GATEWAY_TLS_KEY_FILE", null),
                env.bool("GATEWAY_TLS_SELF_SIGNED", false),
                env.path("GATEWAY_TLS_CLIENT_CA_FILE", null));
        Limits limits = new Limits(
                env.integer("GATEWAY_MAX_PACKET_BYTES", 65_536),
                env.integer("GATEWAY_MAX_REPORT_BYTES", 16_384),
                env.duration("GATEWAY_CONNECT_TIMEOUT_MS", MILLIS, 10_000),
                env.integer("GATEWAY_MAX_INFLIGHT_PER_CONNECTION", 32),
                env.integer("GATEWAY_RATE_LIMIT_PER_SECOND", 50),
                env.integer("GATEWAY_RATE_LIMIT_BURST", 100));
        return new GatewayConfig(
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                KafkaSecurity.fromEnv(env),
                env.bool("GATEWAY_MQTT_ENABLED", true),
                env.string("GATEWAY_BIND_HOST", "0.0.0.0"),
                env.integer("GATEWAY_MQTT_PORT", 1883),
                tls,
                env.integer("GATEWAY_HTTP_PORT", 9101),
                env.bool("GATEWAY_AUTH_REQUIRED", true),
                limits,
                env.duration("GATEWAY_MAX_FUTURE_SKEW_SECONDS", SECONDS, 600),
                env.integer("GATEWAY_AUTH_FAILURES_BEFORE_BLOCK", 5),
                env.duration("GATEWAY_AUTH_BLOCK_SECONDS", SECONDS, 60),
                env.duration("GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS", MILLIS, 120_000),
                env.longValue("GATEWAY_KAFKA_BUFFER_BYTES", 32L * 1024 * 1024),
                env.duration("GATEWAY_KAFKA_LINGER_MS", MILLIS, 0),
                env.duration("GATEWAY_SHUTDOWN_DRAIN_MS", MILLIS, 10_000),
                env.integer("GATEWAY_IO_THREADS", 0),
                env.integer("GATEWAY_AUTH_THREADS", 2),
                env.bool("GATEWAY_EPOLL", true));
    }

    /**
     * The TLS listener. With {@code selfSigned} and no certificate files, a self-signed pair is
     * generated at start (local stack only: clients cannot verify it).
     *
     * @param clientCaFile PEM certificates of the authorities that sign printers' client certificates; when
     *                     set, a printer may authenticate with a certificate whose subject CN is its serial
     *                     instead of its secret. Null: no client certificates are asked for.
     */
    public record TlsSettings(boolean enabled, int port, Path certFile, Path keyFile, boolean selfSigned,
                              Path clientCaFile) {
        public TlsSettings {
            requirePort("GATEWAY_TLS_PORT", port);
            if (clientCaFile != null && !enabled) {
                throw new IllegalArgumentException(
                        "GATEWAY_TLS_CLIENT_CA_FILE needs the TLS listener: set GATEWAY_TLS_ENABLED=true");
            }
            if (enabled && !selfSigned && (certFile == null || keyFile == null)) {
                throw new IllegalArgumentException(
                        "GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE are required when GATEWAY_TLS_ENABLED=true"
                                + " (or set GATEWAY_TLS_SELF_SIGNED=true)");
            }
        }

        public static TlsSettings disabled() {
            return new TlsSettings(false, 0, null, null, false, null);
        }
    }

    /**
     * Per-connection limits.
     *
     * @param maxPacketBytes           a larger MQTT packet closes the connection
     * @param maxReportBytes           a larger report payload is rejected as OVERSIZE (connection stays)
     * @param connectTimeout           a TCP connection without CONNECT by then is closed
     * @param maxInflightPerConnection unacknowledged QoS 1 reports before the connection stops being read
     * @param ratePerSecond            sustained reports per second per connection before reading pauses
     * @param rateBurst                reports a connection may send at once above the sustained rate
     */
    public record Limits(int maxPacketBytes, int maxReportBytes, Duration connectTimeout, int maxInflightPerConnection,
                         int ratePerSecond, int rateBurst) {
        public Limits {
            requirePositive("GATEWAY_MAX_PACKET_BYTES", maxPacketBytes);
            requirePositive("GATEWAY_MAX_REPORT_BYTES", maxReportBytes);
            if (maxReportBytes >= maxPacketBytes) {
                throw new IllegalArgumentException("GATEWAY_MAX_REPORT_BYTES must be below GATEWAY_MAX_PACKET_BYTES");
            }
            requirePositive("GATEWAY_CONNECT_TIMEOUT_MS", connectTimeout.toMillis());
            if (maxInflightPerConnection < 1 || maxInflightPerConnection > 65_535) {
                throw new IllegalArgumentException("GATEWAY_MAX_INFLIGHT_PER_CONNECTION must be 1..65535, was "
                        + maxInflightPerConnection);
            }
            requirePositive("GATEWAY_RATE_LIMIT_PER_SECOND", ratePerSecond);
            requirePositive("GATEWAY_RATE_LIMIT_BURST", rateBurst);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
