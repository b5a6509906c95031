package io.inkflow.dispatcher.dashboard;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.schemas.config.Env;
import io.inkflow.schemas.config.KafkaSecurity;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the dashboard behaves; defaults in {@link #fromEnv}, checked in the compact constructor.
 *
 * @param bootstrapServers where the telemetry, rejection and supply topics are; null runs the page
 *                         without the Kafka signals (it shows them as not connected)
 * @param kafkaSecurity    TLS and SASL of the dashboard's Kafka consumers
 * @param pushInterval     how often every open page gets fresh figures
 * @param streamMaxAge     how long one stream stays open before the page must re-authenticate
 * @param ticketTtl        how long a stream ticket may wait to be used
 */
public record DashboardSettings(String bootstrapServers, KafkaSecurity kafkaSecurity, Duration pushInterval, Duration streamMaxAge,
                                Duration ticketTtl) {
    public DashboardSettings {
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("KAFKA_BOOTSTRAP_SERVERS must not be blank");
        }
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        requireBetween(pushInterval, Duration.ofMillis(100), Duration.ofMinutes(1), "DISPATCHER_DASHBOARD_PUSH_MS");
        requireBetween(streamMaxAge, Duration.ofSeconds(10), Duration.ofHours(24), "DISPATCHER_DASHBOARD_STREAM_MAX_SECONDS");
        requireBetween(ticketTtl, Duration.ofSeconds(1), Duration.ofMinutes(10), "DISPATCHER_DASHBOARD_TICKET_SECONDS");
    }

    /** Reads {@code KAFKA_BOOTSTRAP_SERVERS}, the Kafka security and the {@code DISPATCHER_DASHBOARD_*} variables. */
    public static DashboardSettings fromEnv(Map<String, String> environment) {
        Env env = new Env(environment);
        return new DashboardSettings(
                // not through Env: a blank value is a mistake the record reports, not "no Kafka"
                environment.get("KAFKA_BOOTSTRAP_SERVERS"),
                KafkaSecurity.fromEnv(env),
                env.duration("DISPATCHER_DASHBOARD_PUSH_MS", MILLIS, 2_000),
                env.duration("DISPATCHER_DASHBOARD_STREAM_MAX_SECONDS", SECONDS, 600),
                env.duration("DISPATCHER_DASHBOARD_TICKET_SECONDS", SECONDS, 30));
    }

    /** The defaults, reading Kafka at {@code bootstrapServers}. */
    public static DashboardSettings defaults(String bootstrapServers) {
        return fromEnv(bootstrapServers == null ? Map.of() : Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
    }

    private static void requireBetween(Duration value, Duration min, Duration max, String name) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was: " + value);
        }
    }
}
