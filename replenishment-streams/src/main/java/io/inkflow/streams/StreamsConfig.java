package io.inkflow.streams;

import io.inkflow.schemas.config.Env;
import io.inkflow.schemas.config.KafkaSecurity;
import io.inkflow.streams.policy.PolicySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the replenishment streams service, read from environment variables by
 * {@link #fromEnv(Map)}. Every variable and its default is in {@link #DEFAULTS} and the module README; the
 * Kafka clients' TLS and SASL settings ({@code kafkaSecurity}) are read and defaulted by {@link KafkaSecurity}.
 */
public record StreamsConfig(String bootstrapServers, KafkaSecurity kafkaSecurity, String applicationId, Path stateDir, long commitIntervalMs,
                            int numThreads, int numStandbyReplicas, int replicationFactor, int sessionTimeoutMs,
                            String httpHost, int httpPort, Duration staleCheckInterval, PolicySettings policy,
                            Duration statusMinInterval, Duration statusHeartbeat) {

    /** Defaults, in one place. */
    public static final Map<String, String> DEFAULTS = defaults();

    public StreamsConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(staleCheckInterval, "staleCheckInterval");
        Objects.requireNonNull(policy, "policy");
        require(!bootstrapServers.isBlank(), "KAFKA_BOOTSTRAP_SERVERS must not be blank");
        require(applicationId.matches("[A-Za-z0-9._-]+"), "STREAMS_APPLICATION_ID may contain only letters, digits, '.', '_' and '-'");
        require(commitIntervalMs >= 1, "STREAMS_COMMIT_INTERVAL_MS must be at least 1");
        require(numThreads >= 1, "STREAMS_NUM_THREADS must be at least 1");
        require(numStandbyReplicas >= 0, "STREAMS_NUM_STANDBY_REPLICAS must not be negative");
        require(replicationFactor == -1 || replicationFactor >= 1, "STREAMS_REPLICATION_FACTOR must be -1 or at least 1");
        require(sessionTimeoutMs >= 6000, "STREAMS_SESSION_TIMEOUT_MS must be at least 6000 (the broker minimum)");
        require(httpPort >= 0 && httpPort <= 65535, "STREAMS_HTTP_PORT must be 0..65535");
        require(!staleCheckInterval.isNegative() && !staleCheckInterval.isZero(), "STREAMS_STALE_CHECK_INTERVAL_MS must be positive");
        Objects.requireNonNull(statusMinInterval, "statusMinInterval");
        Objects.requireNonNull(statusHeartbeat, "statusHeartbeat");
        require(statusHeartbeat.compareTo(statusMinInterval) >= 0,
                "STREAMS_STATUS_HEARTBEAT_MINUTES must not be shorter than STREAMS_STATUS_MIN_INTERVAL_SECONDS");
    }

    public static StreamsConfig fromEnv(Map<String, String> environment) {
        Env env = new Env(environment, DEFAULTS);
        int leadTime = ranged(env, "STREAMS_LEAD_TIME_BUSINESS_DAYS", 0, 60);
        int safetyMargin = ranged(env, "STREAMS_SAFETY_MARGIN_BUSINESS_DAYS", 0, 60);
        int window = ranged(env, "STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", -1, 60);
        PolicySettings policy = new PolicySettings(
                leadTime,
                safetyMargin,
                ranged(env, "STREAMS_REARM_MARGIN_PERCENT", 1, 100),
                Duration.ofDays(ranged(env, "STREAMS_STALE_DAYS", 1, 365)),
                env.bool("STREAMS_FORECAST_ENABLED"),
                ranged(env, "STREAMS_FORECAST_MIN_SAMPLES", 2, 100),
                Duration.ofHours(ranged(env, "STREAMS_FORECAST_MIN_HISTORY_HOURS", 0, 24 * 365)),
                window == -1 ? leadTime + safetyMargin : window); // -1: the default, lead time plus safety margin
        return new StreamsConfig(
                env.string("KAFKA_BOOTSTRAP_SERVERS"),
                KafkaSecurity.fromEnv(env),
                env.string("STREAMS_APPLICATION_ID"),
                Path.of(env.string("STREAMS_STATE_DIR")),
                env.longValue("STREAMS_COMMIT_INTERVAL_MS"),
                env.integer("STREAMS_NUM_THREADS"),
                env.integer("STREAMS_NUM_STANDBY_REPLICAS"),
                env.integer("STREAMS_REPLICATION_FACTOR"),
                env.integer("STREAMS_SESSION_TIMEOUT_MS"),
                env.string("STREAMS_HTTP_HOST"),
                env.integer("STREAMS_HTTP_PORT"),
                Duration.ofMillis(env.longValue("STREAMS_STALE_CHECK_INTERVAL_MS")),
                policy,
                Duration.ofSeconds(ranged(env, "STREAMS_STATUS_MIN_INTERVAL_SECONDS", 0, 86_400)),
                Duration.ofMinutes(ranged(env, "STREAMS_STATUS_HEARTBEAT_MINUTES", 1, 10_080)));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        d.put("STREAMS_APPLICATION_ID", "inkflow-replenishment");
        d.put("STREAMS_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "inkflow-streams").toString());
        // An order is readable only once its transaction commits: at 5,000 reports/s, 100 ms gave a
        // report-to-order p99 of 123-156 ms, 50 ms gave 72-92 ms (docs/benchmarks/replenishment-streams.md).
        d.put("STREAMS_COMMIT_INTERVAL_MS", "50");
        d.put("STREAMS_NUM_THREADS", "1");
        d.put("STREAMS_NUM_STANDBY_REPLICAS", "0");
        d.put("STREAMS_REPLICATION_FACTOR", "-1");
        d.put("STREAMS_SESSION_TIMEOUT_MS", "45000");
        d.put("STREAMS_HTTP_HOST", "0.0.0.0");
        d.put("STREAMS_HTTP_PORT", "8082");
        d.put("STREAMS_LEAD_TIME_BUSINESS_DAYS", "7");
        d.put("STREAMS_SAFETY_MARGIN_BUSINESS_DAYS", "2");
        d.put("STREAMS_REARM_MARGIN_PERCENT", "20");
        d.put("STREAMS_STALE_DAYS", "3");
        d.put("STREAMS_STALE_CHECK_INTERVAL_MS", "900000");
        d.put("STREAMS_FORECAST_ENABLED", "true");
        d.put("STREAMS_FORECAST_MIN_SAMPLES", "3");
        d.put("STREAMS_FORECAST_MIN_HISTORY_HOURS", "24");
        d.put("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", "-1");
        d.put("STREAMS_STATUS_MIN_INTERVAL_SECONDS", "60");
        d.put("STREAMS_STATUS_HEARTBEAT_MINUTES", "60");
        return Map.copyOf(d);
    }

    private static int ranged(Env env, String name, int min, int max) {
        int value = env.integer(name);
        require(value >= min && value <= max, name + " must be " + min + ".." + max + ", was " + value);
        return value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
