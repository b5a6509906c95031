package io.inkflow.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.bench.MachineLoad;
import io.inkflow.streams.ReplenishmentApp;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark of issue 4, not part of the normal build (the name matches neither *Test nor *IT):
 * <pre>
 * ./mvnw -B -o -pl replenishment-streams verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=StreamsBenchmark [-Dbench.printers=5000 -Dbench.reportsPerPrinter=40 -Dbench.rate=5000
 *     -Dbench.seconds=40 -Dbench.threads=1 -Dbench.commitMs=100 -Dbench.partitions=4]
 * </pre>
 * Phase 1 (throughput): the whole backlog is on the telemetry topic before the application starts;
 * reports/s = backlog / time from RUNNING to every offset committed. Phase 2 (latency): reports are
 * produced at a fixed rate while a read_committed consumer measures, per order, the time from the
 * triggering report's send (its record timestamp, copied into {@code createdAt}) to the order being
 * readable.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class StreamsBenchmark {
    private static final Logger log = LoggerFactory.getLogger(StreamsBenchmark.class);
    private static final JsonSerde<TelemetryReport> REPORTS = JsonSerde.of(TelemetryReport.class);
    private static final JsonSerde<Enrollment> ENROLLMENTS = JsonSerde.of(Enrollment.class);

    @TempDir
    Path dir;

    @Test
    void throughputAndLatency() throws Exception {
        log.info("BENCH load average before [{}]", MachineLoad.now());
        try {
            measure();
        } finally {
            log.info("BENCH load average after [{}]", MachineLoad.now());
        }
    }

    private void measure() throws Exception {
        int printers = Integer.getInteger("bench.printers", 5000);
        int reportsPerPrinter = Integer.getInteger("bench.reportsPerPrinter", 40);
        int rate = Integer.getInteger("bench.rate", 5000);
        int seconds = Integer.getInteger("bench.seconds", 40);
        int partitions = Integer.getInteger("bench.partitions", 4);
        Map<String, String> env = new HashMap<>();
        env.put("STREAMS_NUM_THREADS", String.valueOf(Integer.getInteger("bench.threads", 1)));
        env.put("STREAMS_COMMIT_INTERVAL_MS", String.valueOf(Integer.getInteger("bench.commitMs", 100)));
        // -1: the service's default (lead time + safety margin); 0 turns consolidation off, for comparison
        env.put("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS",
                String.valueOf(Integer.getInteger("bench.consolidationWindow", -1)));

        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
            ItKafka kafka = new ItKafka(broker);
            kafka.createTopicsWithLeaders(partitions);
            BenchmarkFleet backlog = new BenchmarkFleet("BENCH", printers);
            BenchmarkFleet live = new BenchmarkFleet("LIVE", printers);
            try (KafkaProducer<String, byte[]> producer = producer(broker)) {
                for (Enrollment e : backlog.enrollments()) {
                    producer.send(new ProducerRecord<>(Topics.ENROLLMENTS, e.serial(), ENROLLMENTS.serialize("", e)));
                }
                for (Enrollment e : live.enrollments()) {
                    producer.send(new ProducerRecord<>(Topics.ENROLLMENTS, e.serial(), ENROLLMENTS.serialize("", e)));
                }
                for (int i = 0; i < reportsPerPrinter; i++) {
                    for (int p = 0; p < printers; p++) {
                        send(producer, backlog.report(p, i));
                    }
                }
                producer.flush();
            }
            long backlogReports = (long) printers * reportsPerPrinter;
            log.info("Backlog written [reports={}, printers={}, partitions={}]", backlogReports, printers, partitions);

            Map<String, String> all = new HashMap<>(ItEnv.of(broker.bootstrapServers(), dir.resolve("state"), 0));
            all.putAll(env);
            try (ReplenishmentApp app = ReplenishmentApp.start(StreamsConfig.fromEnv(all))) {
                await().atMost(Duration.ofMinutes(2)).until(() -> app.state() == KafkaStreams.State.RUNNING);
                long start = System.nanoTime();
                kafka.awaitCaughtUp(Duration.ofMinutes(10));
                double elapsed = (System.nanoTime() - start) / 1e9;
                log.info("THROUGHPUT [reports={}, seconds={}, reportsPerSecond={}, threads={}, commitMs={}, "
                        + "consolidationWindow={}, loadAverage={}]", backlogReports, "%.2f".formatted(elapsed),
                        "%.0f".formatted(backlogReports / elapsed), all.get("STREAMS_NUM_THREADS"),
                        all.get("STREAMS_COMMIT_INTERVAL_MS"), all.get("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS"),
                        MachineLoad.now().one());
                List<String> ids = kafka.committedOrderIds();
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(ids).containsExactlyInAnyOrderElementsOf(backlog.expectedOrderIds(reportsPerPrinter));

                Histogram latency = latencyPhase(broker, live, rate, seconds);
                log.info("LATENCY [rate={}, seconds={}, orders={}, p50ms={}, p90ms={}, p99ms={}, maxMs={}, "
                        + "loadAverage={}]", rate, seconds, latency.getTotalCount(), latency.getValueAtPercentile(50),
                        latency.getValueAtPercentile(90), latency.getValueAtPercentile(99), latency.getMaxValue(),
                        MachineLoad.now().one());
                assertThat(latency.getTotalCount()).isPositive();
            }
        }
    }

    /** Produces at {@code rate} reports/s for {@code seconds}; the first quarter is warm-up and not measured. */
    private Histogram latencyPhase(KafkaTestBroker broker, BenchmarkFleet fleet, int rate, int seconds)
            throws InterruptedException {
        Histogram histogram = new Histogram(60_000, 3);
        AtomicBoolean running = new AtomicBoolean(true);
        long measureFrom = System.currentTimeMillis() + seconds * 250L;
        Thread reader = Thread.ofPlatform().name("bench-orders-reader").start(() -> {
            JsonSerde<ReplenishmentOrder> orders = JsonSerde.of(ReplenishmentOrder.class);
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), orders)) {
                List<TopicPartition> tps = consumer.partitionsFor(Topics.ORDERS).stream()
                        .map(p -> new TopicPartition(Topics.ORDERS, p.partition())).toList();
                consumer.assign(tps);
                consumer.seekToEnd(tps);
                tps.forEach(consumer::position);
                while (running.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        long sent = record.value().createdAt().toEpochMilli();
                        if (sent >= measureFrom && record.value().serial().startsWith(fleet.prefix)) {
                            histogram.recordValue(Math.min(now - sent, 59_999));
                        }
                    }
                }
            }
        });
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            long total = (long) rate * seconds;
            long startNanos = System.nanoTime();
            for (long n = 0; n < total; n++) {
                long due = startNanos + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int printer = (int) (n % fleet.printers);
                // Printers start at different points of their cartridges so orders spread evenly over time.
                int index = (int) (n / fleet.printers) + printer % BenchmarkFleet.READINGS_PER_CARTRIDGE;
                send(producer, fleet.report(printer, index));
            }
            producer.flush();
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            log.info("Latency phase produced [reports={}, seconds={}, achievedRate={}]", total,
                    "%.1f".formatted(elapsed), "%.0f".formatted(total / elapsed));
        }
        TimeUnit.SECONDS.sleep(3); // let the last orders commit and be read
        running.set(false);
        reader.join();
        return histogram;
    }

    private static void send(KafkaProducer<String, byte[]> producer, TelemetryReport report) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, report.serial(), REPORTS.serialize("", report)));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestBroker broker) {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536), new StringSerializer(), new ByteArraySerializer());
    }
}
