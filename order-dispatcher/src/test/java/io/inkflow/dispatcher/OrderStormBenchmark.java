package io.inkflow.dispatcher;

import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.bench.MachineLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order storm of issues 5 and 11: N orders on the orders topic, ingested, charged and shipped with the
 * sandbox at a given latency, on PostgreSQL with its default settings (durable commits). Not part of the
 * build; run it alone on a quiet machine with
 * {@code ./mvnw -B -o -pl order-dispatcher verify -Dit.test=OrderStormBenchmark -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstorm.orders=100000 -Dstorm.latencyMs=0}. Options:
 * {@code -Dstorm.rate=200} sends the orders at a steady rate instead of as one backlog (for the latency
 * from the topic to SHIPPED), {@code -Dstorm.ingestOnly=true} runs an ingest-only instance (no fulfilment,
 * no mail delivery; the outbox relay runs) and stops once every order is stored, {@code -Dstorm.batch}
 * (ingest batch), {@code -Dstorm.partitions} (of the orders topic, default 2), {@code -Dstorm.consumers}
 * (ingest consumers, default 2), {@code -Dstorm.concurrency},
 * {@code -Dstorm.fulfilmentBatch}, {@code -Dstorm.pool}, and {@code -Dstorm.jfr=file.jfr} records a JFR
 * profile of the measured part. A warm-up storm of {@code -Dstorm.warmup} orders (default 20,000; 0 for
 * none) on a scenario of its own runs first, so the measured run meets compiled code. Waits for the load average to settle at 2 or below before measuring
 * ({@code -Dstorm.settleSeconds}, default 180) and prints it with the figures, before and after, and how the CPU time split
 * between this JVM (dispatcher, Kafka broker) and PostgreSQL. Figures are logged as {@code STORM ...} and
 * recorded in docs/benchmarks/order-dispatcher.md.
 */
@EnabledIfSystemProperty(named = "storm.orders", matches = "\\d+")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class OrderStormBenchmark {
    private static final Logger log = LoggerFactory.getLogger(OrderStormBenchmark.class);
    private static final double QUIET_LOAD = 2.0;

    @TempDir
    Path kafkaDir;

    @Test
    void orderStorm() throws Exception {
        int orders = Integer.getInteger("storm.orders");
        int latencyMs = Integer.getInteger("storm.latencyMs", 0);
        boolean ingestOnly = Boolean.getBoolean("storm.ingestOnly");
        int concurrency = Integer.getInteger("storm.concurrency", 2_000);
        int fulfilmentBatch = Integer.getInteger("storm.fulfilmentBatch", 500);
        int pool = Integer.getInteger("storm.pool", 16);
        int rate = Integer.getInteger("storm.rate", 0);
        int partitions = Integer.getInteger("storm.partitions", 2);
        int accounts = 1000;
        int warmup = Integer.getInteger("storm.warmup", Math.min(orders, 20_000));
        log.info("STORM load average before [{}]", MachineLoad.now());
        try (DispatcherHarness harness = DispatcherHarness.start(kafkaDir, Map.of("synchronous_commit", "on",
                "shared_preload_libraries", "pg_stat_statements"))) {
            Map<String, String> settings = settings(orders, latencyMs, ingestOnly, concurrency, fulfilmentBatch, pool);
            if (warmup > 0) {
                // A fresh JVM spends its first half minute compiling (C2 took half a core in a profile of a
                // cold run): a warm-up storm on a scenario of its own lets the measured run meet compiled code.
                Scenario w = scenario(harness, settings, accounts, partitions);
                produce(harness, w.topic(), warmup, accounts, 0);
                Instant warmupStart = Instant.now();
                try (OrderDispatcher dispatcher = OrderDispatcher.start(w.config())) {
                    awaitDone(w, warmup, ingestOnly);
                }
                log.info("STORM warm-up [orders={}, seconds={}]", warmup,
                        Duration.between(warmupStart, Instant.now()).toMillis() / 1000.0);
            }
            Scenario s = scenario(harness, settings, accounts, partitions);
            // before the backlog is produced, so that waiting for a quiet machine is not counted as time on the topic
            double loadAtStart = settle();
            if (rate == 0) {
                // the storm: the whole backlog is on the topic before the dispatcher starts
                Instant produceStart = Instant.now();
                produce(harness, s.topic(), orders, accounts, 0);
                log.info("STORM produced [orders={}, seconds={}]", orders,
                        Duration.between(produceStart, Instant.now()).toMillis() / 1000.0);
            }
            s.exec("SELECT pg_stat_statements_reset()");
            CpuSplit cpu = CpuSplit.start();
            Recording profile = startProfile();
            Instant start = Instant.now();
            try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
                if (rate > 0) {
                    // paced: orders arrive at a steady rate while the dispatcher runs, for a latency figure
                    produce(harness, s.topic(), orders, accounts, rate);
                }
                awaitDone(s, orders, ingestOnly);
                // before the close: PostgreSQL backends that exit are no longer counted
                stopProfile(profile);
                log.info("STORM cpu [{}]", cpu.stop());
            }
            logTopStatements(s);
            Duration total = Duration.between(start, Instant.now());
            double ingestSeconds = s.count("SELECT (extract(epoch FROM max(ingested_at) - min(ingested_at)) * 1000)::bigint"
                    + " FROM orders") / 1000.0;
            if (ingestOnly) {
                log.info("STORM ingest only [orders={}, partitions={}, consumers={}, ingestSeconds={}, ingestPerSecond={},"
                                + " wallSeconds={}, loadAtStart={}]", orders, partitions,
                        settings.get("DISPATCHER_INGEST_CONSUMERS"), ingestSeconds, Math.round(orders / ingestSeconds),
                        total.toMillis() / 1000.0, loadAtStart);
            } else {
                double e2eSeconds = s.count("SELECT (extract(epoch FROM max(e.occurred_at) - min(o.ingested_at)) * 1000)"
                        + "::bigint FROM orders o JOIN order_events e ON e.order_id = o.order_id"
                        + " AND e.to_state = 'SHIPPED'") / 1000.0;
                log.info("STORM result [rate={}, orders={}, latencyMs={}, concurrency={}, fulfilmentBatch={}, pool={},"
                                + " ingestSeconds={}, ingestPerSecond={}, endToEndSeconds={}, shippedPerSecond={},"
                                + " wallSeconds={}, p50TopicToShippedMs={}, p99TopicToShippedMs={},"
                                + " maxTopicToShippedMs={}, charges={}, parcels={}, loadAtStart={}]",
                        rate, orders, latencyMs, concurrency, fulfilmentBatch, pool, ingestSeconds,
                        Math.round(orders / ingestSeconds), e2eSeconds, Math.round(orders / e2eSeconds),
                        total.toMillis() / 1000.0, s.count(latencyPercentile(0.50)), s.count(latencyPercentile(0.99)),
                        s.count(latencyPercentile(1.0)),
                        s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED'"),
                        s.count("SELECT count(*) FROM sandbox_carrier_ledger"), loadAtStart);
            }
        }
        log.info("STORM load average after [{}]", MachineLoad.now());
    }

    private static Map<String, String> settings(int orders, int latencyMs, boolean ingestOnly, int concurrency,
                                                int fulfilmentBatch, int pool) {
        return Map.ofEntries(
                Map.entry("DISPATCHER_INITIAL_STOCK", String.valueOf(orders)),
                Map.entry("DISPATCHER_SANDBOX_LATENCY_MS", String.valueOf(latencyMs)),
                Map.entry("DISPATCHER_SANDBOX_TIMEOUT_MS", String.valueOf(Math.max(2_000, latencyMs * 4))),
                Map.entry("DISPATCHER_FULFILMENT_CONCURRENCY", String.valueOf(concurrency)),
                Map.entry("DISPATCHER_FULFILMENT_BATCH_SIZE", String.valueOf(fulfilmentBatch)),
                Map.entry("DISPATCHER_DB_POOL_SIZE", String.valueOf(pool)),
                Map.entry("DISPATCHER_POLL_INTERVAL_MS", "100"),
                Map.entry("DISPATCHER_INGEST_BATCH_SIZE", System.getProperty("storm.batch", "2000")),
                Map.entry("DISPATCHER_INGEST_CONSUMERS", System.getProperty("storm.consumers", "2")),
                Map.entry("DISPATCHER_LEASE_SECONDS", "120"),
                Map.entry("DISPATCHER_RETRY_BACKOFF_MS", "1000"),
                // ingest alone: an ingest-only instance, as an operator may run to scale ingest apart
                Map.entry("DISPATCHER_FULFILMENT_ENABLED", String.valueOf(!ingestOnly)),
                Map.entry("DISPATCHER_NOTIFICATIONS_ENABLED", String.valueOf(!ingestOnly)));
    }

    /** A database and orders topic of their own, with the accounts the orders name. */
    private static Scenario scenario(DispatcherHarness harness, Map<String, String> settings, int accounts,
                                     int partitions) {
        Scenario s = harness.scenario(settings, partitions);
        s.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        s.exec("INSERT INTO accounts (account_id, email, name, ship_name, ship_line1, ship_city, ship_postal_code,"
                + " ship_country, payment_token, created_at, updated_at)"
                + " SELECT 'acc-' || i, 'acc-' || i || '@example.com', 'Customer ' || i, 'Customer ' || i,"
                + " '1 Main St', 'Springfield', '12345', 'US', 'tok_visa', now(), now()"
                + " FROM generate_series(0, " + (accounts - 1) + ") i");
        return s;
    }

    /** Until every order is stored (ingest only) or shipped. */
    private static void awaitDone(Scenario s, int orders, boolean ingestOnly) {
        if (ingestOnly) {
            await().atMost(Duration.ofMinutes(55)).pollInterval(Duration.ofMillis(200)).until(
                    () -> s.count("SELECT count(*) FROM orders") == orders);
        } else {
            await().atMost(Duration.ofMinutes(55)).pollInterval(Duration.ofSeconds(1)).until(
                    () -> s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == orders);
        }
    }

    /** PostgreSQL's side of the profile: the statements that took the most time, with calls and rows. */
    private static void logTopStatements(Scenario s) {
        String top = s.text("SELECT string_agg(format('%s ms in %s calls, %s rows: %s', round(total_exec_time),"
                + " calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 140)), E'\n' ORDER BY total_exec_time DESC)"
                + " FROM (SELECT * FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15) t");
        log.info("STORM top statements by time:\n{}", top);
    }

    /** From the order's appearance on the topic (its createdAt, stamped when produced) to its SHIPPED event. */
    private static String latencyPercentile(double p) {
        return "SELECT (percentile_cont(" + p + ") WITHIN GROUP (ORDER BY extract(epoch FROM e.occurred_at - o.created_at))"
                + " * 1000)::bigint FROM orders o JOIN order_events e ON e.order_id = o.order_id AND e.to_state = 'SHIPPED'";
    }

    /** Sends the orders, as fast as possible ({@code perSecond} 0) or paced to {@code perSecond}. */
    private static void produce(DispatcherHarness harness, String topic, int orders, int accounts, int perSecond) {
        long startNanos = System.nanoTime();
        List<CatalogSlot> slots = new ArrayList<>();
        List<CatalogEntry> models = new ArrayList<>();
        for (CatalogEntry entry : ModelCatalog.bundled().entries()) {
            for (CatalogSlot slot : entry.slots()) {
                slots.add(slot);
                models.add(entry);
            }
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.broker().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, perSecond > 0 ? 5 : 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(),
                JsonSerde.of(ReplenishmentOrder.class).serializer())) {
            for (int i = 0; i < orders; i++) {
                if (perSecond > 0) {
                    long dueNanos = startNanos + i * 1_000_000_000L / perSecond;
                    long wait = dueNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                int k = i % slots.size();
                CatalogSlot slot = slots.get(k);
                CatalogEntry model = models.get(k);
                String serial = "STORM-" + i;
                String enrollment = "enr-" + serial;
                producer.send(new ProducerRecord<>(topic, serial, new ReplenishmentOrder(
                        OrderIds.derive(enrollment, serial, slot.slot(), 1), serial, model.model(), model.series(), enrollment,
                        "acc-" + (i % accounts), Channel.CANON, slot.slot(), slot.sku(), slot.colour(), "cart-" + i, 1,
                        OrderTrigger.THRESHOLD, slot.lowThresholdPercent() - 1, slot.lowThresholdPercent(), null, i,
                        Instant.now())));
            }
            producer.flush();
        }
    }

    private static Recording startProfile() throws Exception {
        String file = System.getProperty("storm.jfr");
        if (file == null) {
            return null;
        }
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setDestination(Path.of(file));
        recording.start();
        return recording;
    }

    private static void stopProfile(Recording recording) {
        if (recording != null) {
            recording.stop();
            recording.close();
            log.info("STORM profile written [file={}]", System.getProperty("storm.jfr"));
        }
    }

    /**
     * Waits, up to {@code storm.settleSeconds} (default 180), for the 1-minute load average to fall to
     * {@value #QUIET_LOAD} or below (the build and the setup raise it): a run that starts above it is not a
     * result, and the log says so.
     */
    private static double settle() throws InterruptedException {
        MachineLoad load = MachineLoad.awaitAtMost(QUIET_LOAD,
                Duration.ofSeconds(Integer.getInteger("storm.settleSeconds", 180)));
        log.info("STORM load average at start [{}] {}", load, load.one() <= QUIET_LOAD ? "quiet"
                : "NOT QUIET: above " + QUIET_LOAD + ", not a result");
        return load.one();
    }

    /** CPU seconds used by this JVM and by the PostgreSQL processes between start and stop (from /proc). */
    private record CpuSplit(double jvmStart, double postgresStart, Instant at) {
        static CpuSplit start() {
            return new CpuSplit(cpuSeconds(ProcessHandle.current().pid()), postgresSeconds(), Instant.now());
        }

        String stop() {
            double wall = Duration.between(at, Instant.now()).toMillis() / 1000.0;
            double jvm = cpuSeconds(ProcessHandle.current().pid()) - jvmStart;
            double postgres = postgresSeconds() - postgresStart;
            return String.format(java.util.Locale.ROOT,
                    "wallSeconds=%.1f, jvmCpuSeconds=%.1f, postgresCpuSeconds=%.1f, coresBusy=%.2f of %d", wall, jvm,
                    postgres, (jvm + postgres) / wall, Runtime.getRuntime().availableProcessors());
        }

        private static double postgresSeconds() {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .mapToDouble(p -> cpuSeconds(p.pid())).sum();
        }

        /** utime + stime of the process and its dead children, from /proc/PID/stat, in seconds. */
        private static double cpuSeconds(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                        + Long.parseLong(f[14]);
                return ticks / 100.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
