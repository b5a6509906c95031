package io.inkflow.dispatcher;

import static java.time.temporal.ChronoUnit.HOURS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.dispatcher.dashboard.DashboardSettings;
import io.inkflow.dispatcher.fulfilment.GroupBackorder;
import io.inkflow.dispatcher.portal.PortalSettings;
import io.inkflow.dispatcher.sandbox.Fault;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.config.Env;
import io.inkflow.schemas.config.KafkaSecurity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything the dispatcher reads from its environment. Defaults live in {@link #fromEnv}; the compact
 * constructor validates and names the variable at fault.
 *
 * @param kafkaSecurity     TLS and SASL of every Kafka client ({@code KAFKA_SECURITY_PROTOCOL} and the rest)
 * @param httpPort          0 picks a free port (tests)
 * @param instanceId        names this process's leases on orders; unique per running instance
 * @param leaseDuration     how long a claimed order stays with one instance before another may take it over
 * @param paymentFailedCancelAfter a PAYMENT_FAILED order older than this is cancelled
 * @param maxFailures       transient failures (timeouts, lost responses) before an order is parked for a person
 * @param quietPrinterAfter an active printer without a report for this long is quiet: its owner is mailed once
 * @param groupBackorder    what an order group does when one of its orders has no stock: the rest ships, or the
 *                          group waits for it
 */
public record DispatcherConfig(
        String bootstrapServers,
        KafkaSecurity kafkaSecurity,
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
        Duration quietPrinterAfter,
        GroupBackorder groupBackorder) {

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
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
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
        Objects.requireNonNull(groupBackorder, "DISPATCHER_GROUP_BACKORDER");
        Objects.requireNonNull(workers, "workers");
        if (quietPrinterAfter == null || quietPrinterAfter.toDays() < 1 || quietPrinterAfter.toDays() > 90) {
            throw new IllegalArgumentException("DISPATCHER_QUIET_PRINTER_DAYS must be 1..90, was " + quietPrinterAfter);
        }
    }

    /** Reads the configuration; every variable and its default is listed in the module README. */
    public static DispatcherConfig fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        return new DispatcherConfig(
                e.string("KAFKA_BOOTSTRAP_SERVERS", null),
                KafkaSecurity.fromEnv(e),
                e.string("DISPATCHER_JDBC_URL", null),
                e.string("DISPATCHER_DB_USER", "postgres"),
                e.string("DISPATCHER_DB_PASSWORD", ""),
                e.integer("DISPATCHER_DB_POOL_SIZE", 16),
                e.integer("DISPATCHER_HTTP_PORT", 8080),
                e.string("DISPATCHER_ADMIN_TOKEN", null),
                e.string("DISPATCHER_GROUP_ID", "order-dispatcher"),
                e.string("DISPATCHER_ORDERS_TOPIC", Topics.ORDERS),
                e.string("DISPATCHER_SUPPLY_EVENTS_TOPIC", Topics.SUPPLY_EVENTS),
                e.string("DISPATCHER_ORDER_EVENTS_TOPIC", Topics.ORDER_EVENTS),
                e.integer("DISPATCHER_INGEST_BATCH_SIZE", 1_000),
                e.bool("DISPATCHER_PUBLISH_CATALOG", true),
                e.integer("DISPATCHER_INITIAL_STOCK", 100),
                e.string("DISPATCHER_INSTANCE_ID", "dispatcher-" + UUID.randomUUID().toString().substring(0, 8)),
                e.integer("DISPATCHER_FULFILMENT_CONCURRENCY", 32),
                e.integer("DISPATCHER_FULFILMENT_BATCH_SIZE", 200),
                e.duration("DISPATCHER_POLL_INTERVAL_MS", MILLIS, 200),
                e.duration("DISPATCHER_LEASE_SECONDS", SECONDS, 60),
                e.duration("DISPATCHER_RETRY_BACKOFF_MS", MILLIS, 1_000),
                e.integer("DISPATCHER_MAX_FAILURES", 10),
                e.duration("DISPATCHER_PAYMENT_FAILED_CANCEL_HOURS", HOURS, 168),
                new SandboxSettings(
                        e.duration("DISPATCHER_SANDBOX_LATENCY_MS", MILLIS, 0),
                        e.duration("DISPATCHER_SANDBOX_TIMEOUT_MS", MILLIS, 2_000),
                        e.choice("DISPATCHER_SANDBOX_PAYMENT_FAULT", Fault.class, Fault.NONE),
                        e.decimal("DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE", 1.0),
                        e.choice("DISPATCHER_SANDBOX_CARRIER_FAULT", Fault.class, Fault.NONE),
                        e.decimal("DISPATCHER_SANDBOX_CARRIER_FAULT_RATE", 1.0)),
                ProviderConfig.fromEnv(e),
                DashboardSettings.fromEnv(env),
                e.string("DISPATCHER_PRINTER_STATUS_TOPIC", Topics.PRINTER_STATUS),
                PortalSettings.fromEnv(env),
                new Workers(e.integer("DISPATCHER_INGEST_CONSUMERS", 2), e.bool("DISPATCHER_FULFILMENT_ENABLED", true),
                        e.bool("DISPATCHER_NOTIFICATIONS_ENABLED", true)),
                Duration.ofDays(e.integer("DISPATCHER_QUIET_PRINTER_DAYS", 7)),
                e.choice("DISPATCHER_GROUP_BACKORDER", GroupBackorder.class, GroupBackorder.SHIP_REST));
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
        env.putAll(kafkaSecurity.asEnv());
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
        env.put("DISPATCHER_GROUP_BACKORDER", groupBackorder.name());
        return env;
    }

    @Override
    public String toString() {
        // never print the password, the admin token or a provider's key
        return "DispatcherConfig[bootstrapServers=" + bootstrapServers + ", kafkaSecurity=" + kafkaSecurity + ", jdbcUrl=" + jdbcUrl + ", dbUser=" + dbUser
                + ", httpPort=" + httpPort + ", groupId=" + groupId + ", instanceId=" + instanceId
                + ", ingestBatchSize=" + ingestBatchSize + ", fulfilmentConcurrency=" + fulfilmentConcurrency
                + ", sandbox=" + sandbox + ", providers=" + providers + "]";
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
