package io.inkflow.gateway.bench;

import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.kafka.KafkaReportSink;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.schemas.bench.MachineLoad;
import io.inkflow.schemas.config.KafkaSecurity;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Baseline for the gateway benchmark: the gateway's own Kafka sink against the same in-process
 * broker, without MQTT. Shows how much of the gateway's figures Kafka itself accounts for.
 *
 * <p>Arguments: {@code N} (default 5000) runs closed-loop rounds with N reports in flight and prints
 * throughput; {@code --rate R [--seconds S] [--rounds K]} sends R reports/s open-loop from one thread
 * (as an event loop would) and prints the latency from the moment each report was due to Kafka's
 * acknowledgement, the part of the gateway's PUBACK latency that is Kafka's. The sink is configured as the
 * gateway's defaults, {@code --linger-ms N} setting its {@code GATEWAY_KAFKA_LINGER_MS}.
 */
public final class KafkaProducerBaseline {
    private static final int PRINTERS = 200;

    private KafkaProducerBaseline() {
    }

    public static void main(String[] args) throws Exception {
        MachineLoad loadBefore = MachineLoad.now();
        System.out.println("load average before: " + loadBefore);
        Map<String, String> options = GatewayBenchmark.options(args);
        GatewayConfig gateway = GatewayConfig.fromEnv(GatewayBenchmark.lingerEnv(options));
        System.out.println("producer linger: " + gateway.kafkaLinger().toMillis() + " ms");
        try (KafkaTestBroker broker = KafkaTestBroker.start(Files.createTempDirectory("kafka-baseline"));
             KafkaReportSink sink = new KafkaReportSink(broker.bootstrapServers(), KafkaSecurity.PLAINTEXT,
                     gateway.kafkaDeliveryTimeout(), gateway.kafkaBufferBytes(), gateway.kafkaLinger())) {
            broker.createInkflowTopics(4);
            sink.warmUp();
            byte[] payload = Reports.bytes("BENCH-1", 1);
            if (options.containsKey("rate")) {
                int rate = Integer.parseInt(options.get("rate"));
                int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
                int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
                paced(sink, payload, rate, 20, false);
                for (int round = 1; round <= rounds; round++) {
                    paced(sink, payload, rate, seconds, true);
                }
            } else {
                closedLoop(sink, payload, args.length > 0 ? Integer.parseInt(args[0]) : 5_000);
            }
        }
        System.out.println("load average before: " + loadBefore + "; after: " + MachineLoad.now());
    }

    private static void closedLoop(KafkaReportSink sink, byte[] payload, int inflight) throws InterruptedException {
        for (int round = 1; round <= 4; round++) {
            Semaphore permits = new Semaphore(inflight);
            LongAdder latencyNanos = new LongAdder();
            int reports = 60_000;
            long start = System.nanoTime();
            for (int i = 0; i < reports; i++) {
                permits.acquire();
                long sent = System.nanoTime();
                sink.accept("BENCH-" + (i % PRINTERS), payload).whenComplete((ignored, error) -> {
                    latencyNanos.add(System.nanoTime() - sent);
                    permits.release();
                });
            }
            permits.acquire(inflight);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: inflight=%d %.0f records/s, mean ack latency %.1f ms%n",
                    round, inflight, reports / seconds, latencyNanos.sum() / 1e6 / reports);
        }
    }

    /** Open loop: each report has a due time; latency runs from it, so a stalled sender is not hidden. */
    private static void paced(KafkaReportSink sink, byte[] payload, int rate, int seconds, boolean print)
            throws InterruptedException {
        Recorder latencies = new Recorder(3);
        LongAdder acked = new LongAdder();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait);
            }
            sink.accept("BENCH-" + (i % PRINTERS), payload).whenComplete((ignored, error) -> {
                if (error == null) {
                    latencies.recordValue((System.nanoTime() - due) / 1_000);
                    acked.increment();
                }
            });
        }
        Thread.sleep(2_000);
        Histogram h = latencies.getIntervalHistogram();
        if (print) {
            System.out.printf(Locale.ROOT,
                    "kafka sink alone, %d/s for %d s: acked %d of %d; ack latency p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms%n",
                    rate, seconds, acked.sum(), total, h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }
}
