package io.inkflow.gateway.bench;

import io.inkflow.gateway.kafka.KafkaReportSink;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.schemas.config.KafkaSecurity;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Baseline for the gateway benchmark: the gateway's own Kafka sink against the same in-process
 * broker, without MQTT, with a bounded number of reports in flight. Shows how much of the
 * gateway's figures Kafka itself accounts for. Argument: reports in flight (default 5000).
 */
public final class KafkaProducerBaseline {
    private KafkaProducerBaseline() {
    }

    public static void main(String[] args) throws Exception {
        int inflight = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        try (KafkaTestBroker broker = KafkaTestBroker.start(Files.createTempDirectory("kafka-baseline"));
             KafkaReportSink sink = new KafkaReportSink(broker.bootstrapServers(), KafkaSecurity.PLAINTEXT, Duration.ofMinutes(2),
                     32 << 20)) {
            broker.createInkflowTopics(4);
            sink.warmUp();
            byte[] payload = Reports.bytes("BENCH-1", 1);
            for (int round = 1; round <= 4; round++) {
                Semaphore permits = new Semaphore(inflight);
                LongAdder latencyNanos = new LongAdder();
                int reports = 60_000;
                long start = System.nanoTime();
                for (int i = 0; i < reports; i++) {
                    permits.acquire();
                    long sent = System.nanoTime();
                    sink.accept("BENCH-" + (i % 200), payload).whenComplete((ignored, error) -> {
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
    }
}
