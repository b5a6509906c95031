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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The order storm of issue 5: N orders on the orders topic, ingested, charged and shipped with the sandbox
 * at a given latency. Not part of the build; run it with
 * {@code ./mvnw -B -o -pl order-dispatcher verify -Dit.test=OrderStormBenchmark -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstorm.orders=100000 -Dstorm.latencyMs=0} (add
 * {@code -Dstorm.rate=200} to send the orders at a steady rate instead of as one backlog,
 * {@code -Dstorm.ingestOnly=true} to stop once every order is stored, {@code -Dstorm.batch} (ingest batch size), {@code -Dstorm.concurrency} and
 * {@code -Dstorm.pool} to change the fulfilment concurrency and pool size).
 * Figures are logged with the prefix {@code STORM} and recorded in docs/benchmarks/order-dispatcher.md.
 */
@EnabledIfSystemProperty(named = "storm.orders", matches = "\\d+")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class OrderStormBenchmark {
    private static final Logger log = LoggerFactory.getLogger(OrderStormBenchmark.class);

    @TempDir
    Path kafkaDir;

    @Test
    void orderStorm() {
        int orders = Integer.getInteger("storm.orders");
        int latencyMs = Integer.getInteger("storm.latencyMs", 0);
        int concurrency = Integer.getInteger("storm.concurrency", latencyMs == 0 ? 32 : 256);
        int pool = Integer.getInteger("storm.pool", 16);
        int accounts = 1000;
        try (DispatcherHarness harness = DispatcherHarness.start(kafkaDir)) {
            Scenario s = harness.scenario(Map.of(
                    "DISPATCHER_INITIAL_STOCK", String.valueOf(orders),
                    "DISPATCHER_SANDBOX_LATENCY_MS", String.valueOf(latencyMs),
                    "DISPATCHER_FULFILMENT_CONCURRENCY", String.valueOf(concurrency),
                    "DISPATCHER_DB_POOL_SIZE", String.valueOf(pool),
                    "DISPATCHER_POLL_INTERVAL_MS", "100",
                    "DISPATCHER_INGEST_BATCH_SIZE", System.getProperty("storm.batch", "1000"),
                    "DISPATCHER_LEASE_SECONDS", "60",
                    "DISPATCHER_RETRY_BACKOFF_MS", "1000"));
            s.exec("INSERT INTO accounts (account_id, email, name, ship_name, ship_line1, ship_city, ship_postal_code,"
                    + " ship_country, payment_token, created_at, updated_at)"
                    + " SELECT 'acc-' || i, 'acc-' || i || '@example.com', 'Customer ' || i, 'Customer ' || i,"
                    + " '1 Main St', 'Springfield', '12345', 'US', 'tok_visa', now(), now()"
                    + " FROM generate_series(0, " + (accounts - 1) + ") i");

            int rate = Integer.getInteger("storm.rate", 0);
            if (rate == 0) {
                // the storm: the whole backlog is on the topic before the dispatcher starts
                Instant produceStart = Instant.now();
                produce(harness, s.topic(), orders, accounts, 0);
                log.info("STORM produced [orders={}, seconds={}]", orders,
                        Duration.between(produceStart, Instant.now()).toMillis() / 1000.0);
            }
            Instant start = Instant.now();
            try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
                if (rate > 0) {
                    // paced: orders arrive at a steady rate while the dispatcher runs, for a latency figure
                    produce(harness, s.topic(), orders, accounts, rate);
                }
                if (Boolean.getBoolean("storm.ingestOnly")) {
                    await().atMost(Duration.ofMinutes(55)).pollInterval(Duration.ofMillis(200)).until(
                            () -> s.count("SELECT count(*) FROM orders") == orders);
                    double seconds = s.count("SELECT (extract(epoch FROM max(ingested_at) - min(ingested_at)) * 1000)"
                            + "::bigint FROM orders") / 1000.0;
                    log.info("STORM ingest only [orders={}, concurrency={}, ingestSeconds={}, ingestPerSecond={}]",
                            orders, concurrency, seconds, Math.round(orders / seconds));
                    return;
                }
                await().atMost(Duration.ofMinutes(55)).pollInterval(Duration.ofSeconds(1)).until(
                        () -> s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == orders);
            }
            Duration total = Duration.between(start, Instant.now());
            double ingestSeconds = s.count("SELECT (extract(epoch FROM max(ingested_at) - min(ingested_at)) * 1000)::bigint"
                    + " FROM orders") / 1000.0;
            double e2eSeconds = s.count("SELECT (extract(epoch FROM max(e.occurred_at) - min(o.ingested_at)) * 1000)::bigint"
                    + " FROM orders o JOIN order_events e ON e.order_id = o.order_id AND e.to_state = 'SHIPPED'") / 1000.0;
            long p50 = s.count(latencyPercentile(0.50));
            long p99 = s.count(latencyPercentile(0.99));
            long p99Ingested = s.count("SELECT (percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM"
                    + " e.occurred_at - o.ingested_at)) * 1000)::bigint FROM orders o JOIN order_events e"
                    + " ON e.order_id = o.order_id AND e.to_state = 'SHIPPED'");
            log.info("STORM result [rate={}, orders={}, latencyMs={}, concurrency={}, pool={}, ingestSeconds={}, ingestPerSecond={},"
                            + " endToEndSeconds={}, shippedPerSecond={}, wallSeconds={}, p50TopicToShippedMs={},"
                            + " p99TopicToShippedMs={}, p99IngestedToShippedMs={}, charges={}, parcels={}]",
                    rate, orders, latencyMs, concurrency, pool, ingestSeconds, Math.round(orders / ingestSeconds), e2eSeconds,
                    Math.round(orders / e2eSeconds), total.toMillis() / 1000.0, p50, p99, p99Ingested,
                    s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED'"),
                    s.count("SELECT count(*) FROM sandbox_carrier_ledger"));
        }
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
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(),
                JsonSerde.of(ReplenishmentOrder.class).serializer())) {
            for (int i = 0; i < orders; i++) {
                if (perSecond > 0) {
                    long dueNanos = startNanos + i * 1_000_000_000L / perSecond;
                    long wait = dueNanos - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                int k = i % slots.size();
                CatalogSlot slot = slots.get(k);
                CatalogEntry model = models.get(k);
                String serial = "STORM-" + i;
                String enrollment = "enr-" + serial;
                producer.send(new ProducerRecord<>(topic, serial, new ReplenishmentOrder(
                        OrderIds.derive(enrollment, serial, slot.slot(), 1), serial, model.model(), enrollment,
                        "acc-" + (i % accounts), Channel.CANON, slot.slot(), slot.sku(), slot.colour(), "cart-" + i, 1,
                        OrderTrigger.THRESHOLD, slot.lowThresholdPercent() - 1, slot.lowThresholdPercent(), null, i,
                        Instant.now())));
            }
            producer.flush();
        }
    }
}
