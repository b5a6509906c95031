package io.inkflow.dispatcher;

import io.inkflow.dispatcher.dashboard.DashboardSettings;
import io.inkflow.dispatcher.portal.PortalSettings;
import io.inkflow.dispatcher.sandbox.Fault;
import io.inkflow.schemas.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything the dispatcher reads from its environment. Defaults live in {@link #fromEnv}; the compact
 * constructor validates and names the variable at fault.
 *
 * @param httpPort          0 picks a free port (tests)
 * @param instanceId        names this process's leases on orders; unique per running instance
 * @param leaseDuration     how long a claimed order stays with one instance before another may take it over
 * @param paymentFailedCancelAfter a PAYMENT_FAILED order older than this is cancelled
 * @param maxFailures       transient failures (timeouts, lost responses) before an order is parked for a person
 * @param quietPrinterAfter an active printer without a report for this long is quiet: its owner is mailed once
 */
public record DispatcherConfig(
        String bootstrapServers,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        int httpPort,
        String adminToken,
        String groupId,
        String ordersTopic,
        String supplyEventsTopic,
        String orderEventsTopic,
        int ingestBatchSize,
        boolean publishCatalog,
        int initialStock,
        String instanceId,
        int fulfilmentConcurrency,
        int fulfilmentBatchSize,
        Duration pollInterval,
        Duration leaseDuration,
        Duration retryBackoff,
        int maxFailures,
        Duration paymentFailedCancelAfter,
        SandboxSettings sandbox,
        ProviderConfig providers,
        DashboardSettings dashboard,
        String printerStatusTopic,
        PortalSettings portal,
        Workers workers,
        Duration quietPrinterAfter) {

    /**
     * What this instance runs besides the outbox relay and the API.
     *
     * @param ingestConsumers consumers of the group on this instance, each with its share of the partitions
     *                        (while one parses a batch another's is written); 0 ingests nothing here
     * @param fulfilment      charge, ship, hand to Amazon; an operator scaling ingest and fulfilment apart (or
     *                        a benchmark of ingest alone) turns it off on some instances: orders wait, never
     *                        lost, while no instance fulfils them
     * @param notifications   deliver notifications
     */
    public record Workers(int ingestConsumers, boolean fulfilment, boolean notifications) {
        public Workers {
            requireRange(ingestConsumers, 0, 64, "DISPATCHER_INGEST_CONSUMERS");
        }
    }

    /** Behaviour of the bundled sandbox payment provider, carrier and Amazon channel. */
    public record SandboxSettings(Duration latency, Duration callTimeout, Fault paymentFault, double paymentFaultRate,
                                  Fault carrierFault, double carrierFaultRate) {
        public SandboxSettings {
            Objects.requireNonNull(paymentFault, "DISPATCHER_SANDBOX_PAYMENT_FAULT");
            Objects.requireNonNull(carrierFault, "DISPATCHER_SANDBOX_CARRIER_FAULT");
            requireNonNegative(latency, "DISPATCHER_SANDBOX_LATENCY_MS");
            requirePositive(callTimeout, "DISPATCHER_SANDBOX_TIMEOUT_MS");
            requireRate(paymentFaultRate, "DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE");
            requireRate(carrierFaultRate, "DISPATCHER_SANDBOX_CARRIER_FAULT_RATE");
            if (carrierFault == Fault.DECLINE) {
                throw new IllegalArgumentException("DISPATCHER_SANDBOX_CARRIER_FAULT cannot be DECLINE");
            }
        }

        public static SandboxSettings reliable() {
            return new SandboxSettings(Duration.ZERO, Duration.ofSeconds(2), Fault.NONE, 0, Fault.NONE, 0);
        }
    }

    public DispatcherConfig {
        requireText(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS");
        requireText(jdbcUrl, "DISPATCHER_JDBC_URL");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("DISPATCHER_JDBC_URL must be a jdbc:postgresql: URL");
        }
        requireText(dbUser, "DISPATCHER_DB_USER");
        Objects.requireNonNull(dbPassword, "DISPATCHER_DB_PASSWORD");
        requireRange(dbPoolSize, 2, 200, "DISPATCHER_DB_POOL_SIZE");
        requirePort(httpPort, "DISPATCHER_HTTP_PORT");
        requireText(adminToken, "DISPATCHER_ADMIN_TOKEN");
        requireText(groupId, "DISPATCHER_GROUP_ID");
        requireText(ordersTopic, "DISPATCHER_ORDERS_TOPIC");
        requireText(supplyEventsTopic, "DISPATCHER_SUPPLY_EVENTS_TOPIC");
        requireText(orderEventsTopic, "DISPATCHER_ORDER_EVENTS_TOPIC");
        requireRange(ingestBatchSize, 1, 10_000, "DISPATCHER_INGEST_BATCH_SIZE");
        requireRange(initialStock, 0, 10_000_000, "DISPATCHER_INITIAL_STOCK");
        requireText(instanceId, "DISPATCHER_INSTANCE_ID");
        requireRange(fulfilmentConcurrency, 1, 20_000, "DISPATCHER_FULFILMENT_CONCURRENCY");
        requireRange(fulfilmentBatchSize, 1, 10_000, "DISPATCHER_FULFILMENT_BATCH_SIZE");
        requirePositive(pollInterval, "DISPATCHER_POLL_INTERVAL_MS");
        requirePositive(leaseDuration, "DISPATCHER_LEASE_SECONDS");
        requirePositive(retryBackoff, "DISPATCHER_RETRY_BACKOFF_MS");
        requireRange(maxFailures, 1, 1_000, "DISPATCHER_MAX_FAILURES");
        requirePositive(paymentFailedCancelAfter, "DISPATCHER_PAYMENT_FAILED_CANCEL_HOURS");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(dashboard, "dashboard");
        requireText(printerStatusTopic, "DISPATCHER_PRINTER_STATUS_TOPIC");
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(workers, "workers");
        if (quietPrinterAfter == null || quietPrinterAfter.toDays() < 1 || quietPrinterAfter.toDays() > 90) {
            throw new IllegalArgumentException("DISPATCHER_QUIET_PRINTER_DAYS must be 1..90, was " + quietPrinterAfter);
        }
    }

    /** Reads the configuration; every variable and its default is listed in the module README. */
    public static DispatcherConfig fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        return new DispatcherConfig(
                e.text("KAFKA_BOOTSTRAP_SERVERS", null),
                e.text("DISPATCHER_JDBC_URL", null),
                e.text("DISPATCHER_DB_USER", "postgres"),
                e.text("DISPATCHER_DB_PASSWORD", ""),
                e.integer("DISPATCHER_DB_POOL_SIZE", 16),
                e.integer("DISPATCHER_HTTP_PORT", 8080),
                e.text("DISPATCHER_ADMIN_TOKEN", null),
                e.text("DISPATCHER_GROUP_ID", "order-dispatcher"),
                e.text("DISPATCHER_ORDERS_TOPIC", Topics.ORDERS),
                e.text("DISPATCHER_SUPPLY_EVENTS_TOPIC", Topics.SUPPLY_EVENTS),
                e.text("DISPATCHER_ORDER_EVENTS_TOPIC", Topics.ORDER_EVENTS),
                e.integer("DISPATCHER_INGEST_BATCH_SIZE", 1_000),
                e.bool("DISPATCHER_PUBLISH_CATALOG", true),
                e.integer("DISPATCHER_INITIAL_STOCK", 100),
                e.text("DISPATCHER_INSTANCE_ID", "dispatcher-" + UUID.randomUUID().toString().substring(0, 8)),
                e.integer("DISPATCHER_FULFILMENT_CONCURRENCY", 32),
                e.integer("DISPATCHER_FULFILMENT_BATCH_SIZE", 200),
                Duration.ofMillis(e.integer("DISPATCHER_POLL_INTERVAL_MS", 200)),
                Duration.ofSeconds(e.integer("DISPATCHER_LEASE_SECONDS", 60)),
                Duration.ofMillis(e.integer("DISPATCHER_RETRY_BACKOFF_MS", 1_000)),
                e.integer("DISPATCHER_MAX_FAILURES", 10),
                Duration.ofHours(e.integer("DISPATCHER_PAYMENT_FAILED_CANCEL_HOURS", 168)),
                new SandboxSettings(
                        Duration.ofMillis(e.integer("DISPATCHER_SANDBOX_LATENCY_MS", 0)),
                        Duration.ofMillis(e.integer("DISPATCHER_SANDBOX_TIMEOUT_MS", 2_000)),
                        e.fault("DISPATCHER_SANDBOX_PAYMENT_FAULT"),
                        e.rate("DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE"),
                        e.fault("DISPATCHER_SANDBOX_CARRIER_FAULT"),
                        e.rate("DISPATCHER_SANDBOX_CARRIER_FAULT_RATE")),
                ProviderConfig.fromEnv(e),
                DashboardSettings.fromEnv(env),
                e.text("DISPATCHER_PRINTER_STATUS_TOPIC", Topics.PRINTER_STATUS),
                PortalSettings.fromEnv(env),
                new Workers(e.integer("DISPATCHER_INGEST_CONSUMERS", 2), e.bool("DISPATCHER_FULFILMENT_ENABLED", true),
                        e.bool("DISPATCHER_NOTIFICATIONS_ENABLED", true)),
                Duration.ofDays(e.integer("DISPATCHER_QUIET_PRINTER_DAYS", 7)));
    }

    /** A copy with other values, for tests and the local stack. */
    public DispatcherConfig with(Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(asEnv());
        env.putAll(overrides);
        return fromEnv(env);
    }

    /** This configuration as the environment variables that produce it. */
    public Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("DISPATCHER_JDBC_URL", jdbcUrl);
        env.put("DISPATCHER_DB_USER", dbUser);
        env.put("DISPATCHER_DB_PASSWORD", dbPassword);
        env.put("DISPATCHER_DB_POOL_SIZE", String.valueOf(dbPoolSize));
        env.put("DISPATCHER_HTTP_PORT", String.valueOf(httpPort));
        env.put("DISPATCHER_ADMIN_TOKEN", adminToken);
        env.put("DISPATCHER_GROUP_ID", groupId);
        env.put("DISPATCHER_ORDERS_TOPIC", ordersTopic);
        env.put("DISPATCHER_SUPPLY_EVENTS_TOPIC", supplyEventsTopic);
        env.put("DISPATCHER_ORDER_EVENTS_TOPIC", orderEventsTopic);
        env.put("DISPATCHER_INGEST_BATCH_SIZE", String.valueOf(ingestBatchSize));
        env.put("DISPATCHER_PUBLISH_CATALOG", String.valueOf(publishCatalog));
        env.put("DISPATCHER_INITIAL_STOCK", String.valueOf(initialStock));
        env.put("DISPATCHER_INSTANCE_ID", instanceId);
        env.put("DISPATCHER_FULFILMENT_CONCURRENCY", String.valueOf(fulfilmentConcurrency));
        env.put("DISPATCHER_FULFILMENT_BATCH_SIZE", String.valueOf(fulfilmentBatchSize));
        env.put("DISPATCHER_POLL_INTERVAL_MS", String.valueOf(pollInterval.toMillis()));
        env.put("DISPATCHER_LEASE_SECONDS", String.valueOf(leaseDuration.toSeconds()));
        env.put("DISPATCHER_RETRY_BACKOFF_MS", String.valueOf(retryBackoff.toMillis()));
        env.put("DISPATCHER_MAX_FAILURES", String.valueOf(maxFailures));
        env.put("DISPATCHER_PAYMENT_FAILED_CANCEL_HOURS", String.valueOf(paymentFailedCancelAfter.toHours()));
        env.put("DISPATCHER_SANDBOX_LATENCY_MS", String.valueOf(sandbox.latency().toMillis()));
        env.put("DISPATCHER_SANDBOX_TIMEOUT_MS", String.valueOf(sandbox.callTimeout().toMillis()));
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT", sandbox.paymentFault().name());
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE", String.valueOf(sandbox.paymentFaultRate()));
        env.put("DISPATCHER_SANDBOX_CARRIER_FAULT", sandbox.carrierFault().name());
        env.put("DISPATCHER_SANDBOX_CARRIER_FAULT_RATE", String.valueOf(sandbox.carrierFaultRate()));
        env.putAll(providers.asEnv());
        env.put("DISPATCHER_DASHBOARD_PUSH_MS", String.valueOf(dashboard.pushInterval().toMillis()));
        env.put("DISPATCHER_DASHBOARD_STREAM_MAX_SECONDS", String.valueOf(dashboard.streamMaxAge().toSeconds()));
        env.put("DISPATCHER_DASHBOARD_TICKET_SECONDS", String.valueOf(dashboard.ticketTtl().toSeconds()));
        env.put("DISPATCHER_PRINTER_STATUS_TOPIC", printerStatusTopic);
        env.putAll(portal.asEnv());
        env.put("DISPATCHER_INGEST_CONSUMERS", String.valueOf(workers.ingestConsumers()));
        env.put("DISPATCHER_FULFILMENT_ENABLED", String.valueOf(workers.fulfilment()));
        env.put("DISPATCHER_NOTIFICATIONS_ENABLED", String.valueOf(workers.notifications()));
        env.put("DISPATCHER_QUIET_PRINTER_DAYS", String.valueOf(quietPrinterAfter.toDays()));
        return env;
    }

    @Override
    public String toString() {
        // never print the password, the admin token or a provider's key
        return "DispatcherConfig[bootstrapServers=" + bootstrapServers + ", jdbcUrl=" + jdbcUrl + ", dbUser=" + dbUser
                + ", httpPort=" + httpPort + ", groupId=" + groupId + ", instanceId=" + instanceId
                + ", ingestBatchSize=" + ingestBatchSize + ", fulfilmentConcurrency=" + fulfilmentConcurrency
                + ", sandbox=" + sandbox + ", providers=" + providers + "]";
    }

    /** Reads variables with the defaults and messages every dispatcher setting shares. */
    record Env(Map<String, String> env) {
        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int integer(String name, int fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
            }
        }

        boolean bool(String name, boolean fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
            };
        }

        Fault fault(String name) {
            String value = text(name, "NONE");
            try {
                return Fault.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(name + " must be NONE, DECLINE, TIMEOUT or LOSE_RESPONSE, was '"
                        + value + "'");
            }
        }

        <E extends Enum<E>> E choice(String name, Class<E> type) {
            return choice(name, type, type.getEnumConstants()[0]);
        }

        <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(name + " must be one of "
                        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", was '"
                        + value + "'");
            }
        }

        URI uri(String name, String fallback) {
            String value = text(name, fallback);
            try {
                URI uri = new URI(value);
                if (!uri.isAbsolute()) {
                    throw new URISyntaxException(value, "not absolute");
                }
                return uri;
            } catch (URISyntaxException ex) {
                throw new IllegalArgumentException(name + " must be an absolute URL, was '" + value + "'");
            }
        }

        /** A comma-separated list; empty when unset. */
        List<String> list(String name) {
            String value = text(name, null);
            return value == null ? List.of() : Arrays.stream(value.split(","))
                    .map(String::trim).filter(v -> !v.isEmpty()).toList();
        }

        double rate(String name) {
            String value = text(name, "1.0");
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + " must be a number from 0 to 1, was '" + value + "'");
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    private static void requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
        }
    }

    private static void requirePort(int port, String name) {
        requireRange(port, 0, 65_535, name);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNonNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    private static void requireRate(double rate, String name) {
        if (Double.isNaN(rate) || rate < 0 || rate > 1) {
            throw new IllegalArgumentException(name + " must be from 0 to 1, was " + rate);
        }
    }
}
