package io.inkflow.dispatcher.dashboard;

import java.time.Duration;
import java.util.Map;

/**
 * How the dashboard behaves; defaults in {@link #fromEnv}, checked in the compact constructor.
 *
 * @param bootstrapServers where the telemetry, rejection and supply topics are; null runs the page
 *                         without the Kafka signals (it shows them as not connected)
 * @param pushInterval     how often every open page gets fresh figures
 * @param streamMaxAge     how long one stream stays open before the page must re-authenticate
 * @param ticketTtl        how long a stream ticket may wait to be used
 */
public record DashboardSettings(String bootstrapServers, Duration pushInterval, Duration streamMaxAge,
                                Duration ticketTtl) {
    public DashboardSettings {
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("KAFKA_BOOTSTRAP_SERVERS must not be blank");
        }
        requireBetween(pushInterval, Duration.ofMillis(100), Duration.ofMinutes(1), "DISPATCHER_DASHBOARD_PUSH_MS");
        requireBetween(streamMaxAge, Duration.ofSeconds(10), Duration.ofHours(24), "DISPATCHER_DASHBOARD_STREAM_MAX_SECONDS");
        requireBetween(ticketTtl, Duration.ofSeconds(1), Duration.ofMinutes(10), "DISPATCHER_DASHBOARD_TICKET_SECONDS");
    }

    /** Reads {@code KAFKA_BOOTSTRAP_SERVERS} and the {@code DISPATCHER_DASHBOARD_*} variables. */
    public static DashboardSettings fromEnv(Map<String, String> env) {
        return new DashboardSettings(
                env.get("KAFKA_BOOTSTRAP_SERVERS"),
                Duration.ofMillis(number(env, "DISPATCHER_DASHBOARD_PUSH_MS", 2_000)),
                Duration.ofSeconds(number(env, "DISPATCHER_DASHBOARD_STREAM_MAX_SECONDS", 600)),
                Duration.ofSeconds(number(env, "DISPATCHER_DASHBOARD_TICKET_SECONDS", 30)));
    }

    /** The defaults, reading Kafka at {@code bootstrapServers}. */
    public static DashboardSettings defaults(String bootstrapServers) {
        return fromEnv(bootstrapServers == null ? Map.of() : Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was: " + value);
        }
    }

    private static void requireBetween(Duration value, Duration min, Duration max, String name) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was: " + value);
        }
    }
}
