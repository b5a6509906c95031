package io.inkflow.stack.bench;

import io.inkflow.simulator.stats.Percentiles;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * Where a report's way to its order row goes, hop by hop, from six instants of one machine's clock: the report
 * handed to the MQTT client; its telemetry record appended to Kafka; the order record appended to Kafka by the
 * streams transaction; the order readable with {@code read_committed} (that transaction committed); the
 * dispatcher's clock just before it inserted the row ({@code ingested_at}); the commit of the dispatcher
 * transaction that inserted it. Record timestamps are the broker's append times (the benchmark sets
 * {@code message.timestamp.type=LogAppendTime} on both topics), with millisecond resolution.
 */
final class HopTimings {
    private static final long HOUR_MICROS = 3_600_000_000L;
    private final Histogram toKafka = histogram();
    private final Histogram streams = histogram();
    private final Histogram streamsCommit = histogram();
    private final Histogram dispatcherPoll = histogram();
    private final Histogram dispatcherStore = histogram();
    private final Histogram total = histogram();

    /** The instants of one report's way; null where that instant was not found, and then its hops do not count. */
    record Way(Instant published, Instant telemetryAppended, Instant orderAppended, Instant orderVisible,
               Instant ingested, Instant committed) {
    }

    void add(Way way) {
        record(total, way.published(), way.committed());
        record(toKafka, way.published(), way.telemetryAppended());
        record(streams, way.telemetryAppended(), way.orderAppended());
        record(streamsCommit, way.orderAppended(), way.orderVisible());
        record(dispatcherPoll, way.orderVisible(), way.ingested());
        record(dispatcherStore, way.ingested(), way.committed());
    }

    /** Report handed to the MQTT client to telemetry record appended (gateway, producer, broker). */
    Percentiles gatewayToKafka() {
        return Percentiles.of(toKafka);
    }

    /** Telemetry record to order record appended (streams poll, dedup, policy, produce). */
    Percentiles streamsProcessing() {
        return Percentiles.of(streams);
    }

    /** Order record appended to readable with read_committed: the rest of the streams transaction, its commit. */
    Percentiles streamsCommit() {
        return Percentiles.of(streamsCommit);
    }

    /** Order readable to the dispatcher about to insert its row: the dispatcher's poll, a connection, the batch. */
    Percentiles dispatcherPoll() {
        return Percentiles.of(dispatcherPoll);
    }

    /** The dispatcher's insert to its transaction's commit: the row written with its events, offsets, commit. */
    Percentiles dispatcherStore() {
        return Percentiles.of(dispatcherStore);
    }

    /** The whole way: report handed to the MQTT client to its order row committed. */
    Percentiles reportToOrder() {
        return Percentiles.of(total);
    }

    private static void record(Histogram histogram, Instant from, Instant to) {
        if (from == null || to == null) {
            return;
        }
        // Append times have millisecond resolution: a hop shorter than that may come out slightly negative.
        long micros = Math.max(0, Duration.between(from, to).toNanos() / 1000);
        histogram.recordValue(Math.min(micros, HOUR_MICROS));
    }

    private static Histogram histogram() {
        return new Histogram(HOUR_MICROS, 3);
    }
}
