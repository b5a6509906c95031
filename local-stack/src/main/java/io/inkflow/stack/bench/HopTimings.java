package io.inkflow.stack.bench;

import io.inkflow.simulator.stats.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
    private static final int KEPT_SLOWEST = 10;
    private final Histogram toKafka = histogram();
    private final Histogram streams = histogram();
    private final Histogram streamsCommit = histogram();
    private final Histogram dispatcherPoll = histogram();
    private final Histogram dispatcherStore = histogram();
    private final Histogram total = histogram();
    /** The slowest ways of all added, slowest first: a tail is read better from its worst cases' hops. */
    private final List<Way> slowest = new ArrayList<>();
    /** The whole way again, per window of publishing time: a start-up burst and a steady tail look different. */
    private final List<Histogram> totalByWindow = new ArrayList<>();
    private final Instant start;
    private final Duration window;

    /** @param start when the step's first report was published; {@code window} the span of each window */
    HopTimings(Instant start, Duration window) {
        this.start = start;
        this.window = window;
    }

    /** The instants of one report's way; null where that instant was not found, and then its hops do not count. */
    record Way(Instant published, Instant telemetryAppended, Instant orderAppended, Instant orderVisible,
               Instant ingested, Instant committed) {
        private Duration total() {
            return published == null || committed == null ? Duration.ZERO : Duration.between(published, committed);
        }

        /** When it was published, relative to {@code start}, and each hop in milliseconds ({@code ?} when unknown). */
        String describe(Instant start) {
            return String.format(Locale.ROOT, "published at +%.1f s: %s ms in all = gateway to Kafka %s + streams "
                            + "processing %s + streams commit %s + dispatcher poll %s + dispatcher store and commit %s",
                    Duration.between(start, published).toMillis() / 1000.0, millis(published, committed),
                    millis(published, telemetryAppended), millis(telemetryAppended, orderAppended),
                    millis(orderAppended, orderVisible), millis(orderVisible, ingested), millis(ingested, committed));
        }

        private static String millis(Instant from, Instant to) {
            return from == null || to == null ? "?" : String.valueOf(Duration.between(from, to).toMillis());
        }
    }

    void add(Way way) {
        noteIfSlowest(way);
        record(total, way.published(), way.committed());
        if (way.published() != null && !way.published().isBefore(start)) {
            int index = (int) (Duration.between(start, way.published()).toNanos() / window.toNanos());
            while (totalByWindow.size() <= index) {
                totalByWindow.add(histogram());
            }
            record(totalByWindow.get(index), way.published(), way.committed());
        }
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

    /** The whole way per window of publishing time, the first window first. */
    List<Percentiles> reportToOrderByWindow() {
        return totalByWindow.stream().map(Percentiles::of).toList();
    }

    /** The {@code n} slowest ways, slowest first. */
    List<Way> slowest(int n) {
        return List.copyOf(slowest.subList(0, Math.min(n, slowest.size())));
    }

    private void noteIfSlowest(Way way) {
        slowest.add(way);
        slowest.sort(Comparator.comparing(Way::total).reversed());
        if (slowest.size() > KEPT_SLOWEST) {
            slowest.removeLast();
        }
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
