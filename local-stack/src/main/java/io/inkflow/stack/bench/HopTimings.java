package io.inkflow.stack.bench;

import io.inkflow.simulator.stats.Percentiles;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * Where a report's way to its order row goes, hop by hop, from four instants of one machine's clock: the
 * report handed to the MQTT client; its telemetry record appended to Kafka; the order record appended to
 * Kafka by the streams transaction; the order row's {@code ingested_at}. Record timestamps are the broker's
 * append times (the benchmark sets {@code message.timestamp.type=LogAppendTime} on both topics), so the
 * streams hop ends when the order is written, and waiting for that transaction's commit falls into the
 * dispatcher hop.
 */
final class HopTimings {
    private static final long HOUR_MICROS = 3_600_000_000L;
    private final Histogram toKafka = histogram();
    private final Histogram streams = histogram();
    private final Histogram dispatcher = histogram();
    private final Histogram total = histogram();

    /** The record instants are null when that record was not found; then only the whole way counts. */
    void add(Instant published, Instant telemetryAppended, Instant orderAppended, Instant ingested) {
        record(total, published, ingested);
        if (telemetryAppended != null && orderAppended != null) {
            record(toKafka, published, telemetryAppended);
            record(streams, telemetryAppended, orderAppended);
            record(dispatcher, orderAppended, ingested);
        }
    }

    /** Report handed to the MQTT client to telemetry record appended (gateway, producer, broker). */
    Percentiles gatewayToKafka() {
        return Percentiles.of(toKafka);
    }

    /** Telemetry record to order record appended (streams poll, dedup, policy, produce). */
    Percentiles streamsProcessing() {
        return Percentiles.of(streams);
    }

    /** Order record appended to order row stored (transaction commit, dispatcher poll, insert and commit). */
    Percentiles dispatcherIngest() {
        return Percentiles.of(dispatcher);
    }

    /** The whole way: report handed to the MQTT client to order row stored. */
    Percentiles reportToOrder() {
        return Percentiles.of(total);
    }

    private static void record(Histogram histogram, Instant from, Instant to) {
        // Append times have millisecond resolution: a hop shorter than that may come out slightly negative.
        long micros = Math.max(0, Duration.between(from, to).toNanos() / 1000);
        histogram.recordValue(Math.min(micros, HOUR_MICROS));
    }

    private static Histogram histogram() {
        return new Histogram(HOUR_MICROS, 3);
    }
}
