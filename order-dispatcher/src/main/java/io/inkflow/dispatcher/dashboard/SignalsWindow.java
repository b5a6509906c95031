package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.dashboard.DashboardSnapshot.LowInk;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.LowSignal;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.Telemetry;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.Series;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The last hour of the signals that live only on Kafka topics: telemetry volume (from end offsets),
 * rejections by reason and low-ink signals. Fed by {@link KafkaSignalsFeed}; read by the snapshot
 * builder. Thread-safe; free of Kafka types so it is tested without a broker.
 */
final class SignalsWindow {
    static final int MINUTES = 60;
    private static final int RECENT_LOW_SIGNALS = 200;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final String TELEMETRY = "telemetry";
    private static final String UNKNOWN_MODEL = "";

    private final Clock clock;
    private final ModelCatalog catalog;
    private final MinuteCounts<String> telemetry = new MinuteCounts<>(MINUTES);
    private final MinuteCounts<RejectionReason> rejections = new MinuteCounts<>(MINUTES);
    private final MinuteCounts<String> lowSignalsByModel = new MinuteCounts<>(MINUTES);
    private final Deque<LowSignal> recentLowSignals = new ArrayDeque<>();
    private final Deque<OffsetSample> samples = new ArrayDeque<>();
    private volatile boolean connected;

    private record OffsetSample(Instant at, long endOffsetSum) {
    }

    SignalsWindow(Clock clock, ModelCatalog catalog) {
        this.clock = clock;
        this.catalog = catalog;
    }

    void connected(boolean value) {
        connected = value;
    }

    /**
     * The sum of the telemetry topic's end offsets at {@code at}. The growth since the previous sample
     * is the number of reports written in between; the first sample only sets the baseline.
     */
    synchronized void telemetryEndOffsets(long endOffsetSum, Instant at) {
        OffsetSample previous = samples.peekLast();
        if (previous != null && endOffsetSum < previous.endOffsetSum()) {
            samples.clear(); // topic recreated: start over rather than count a negative
        } else if (previous != null) {
            telemetry.add(TELEMETRY, at, endOffsetSum - previous.endOffsetSum(), clock.instant());
        }
        samples.addLast(new OffsetSample(at, endOffsetSum));
        while (samples.size() > 2 && samples.peekFirst().at().isBefore(at.minus(RATE_WINDOW))) {
            samples.removeFirst();
        }
    }

    /** Reports written in one past minute, measured when the reader starts (offsets by timestamp). */
    void telemetryBackfill(Instant minuteStart, long reports) {
        telemetry.add(TELEMETRY, minuteStart, reports, clock.instant());
    }

    void rejection(RejectionReason reason, Instant rejectedAt) {
        rejections.add(reason, rejectedAt, 1, clock.instant());
    }

    void supplyEvent(SupplyEvent event) {
        if (event.type() != SupplyEventType.LOW_SIGNAL) {
            return;
        }
        String model = event.model() == null ? UNKNOWN_MODEL : event.model();
        lowSignalsByModel.add(model, event.occurredAt(), 1, clock.instant());
        Series series = event.model() == null ? null : catalog.find(event.model()).map(CatalogEntry::series).orElse(null);
        LowSignal signal = new LowSignal(event.serial(), event.model(), series, event.slot(), event.sku(),
                event.remainingPercent(), event.occurredAt());
        synchronized (recentLowSignals) {
            recentLowSignals.addFirst(signal);
            while (recentLowSignals.size() > RECENT_LOW_SIGNALS) {
                recentLowSignals.removeLast();
            }
        }
    }

    Telemetry telemetry() {
        Instant now = clock.instant();
        List<Long> perMinute = telemetry.series(now, k -> true).getOrDefault(TELEMETRY, zeros());
        Map<RejectionReason, List<Long>> byReason = rejections.series(now, k -> true);
        Map<RejectionReason, Long> totals = new EnumMap<>(RejectionReason.class);
        List<Long> rejectedPerMinute = new ArrayList<>(zeros());
        byReason.forEach((reason, counts) -> {
            totals.put(reason, counts.stream().mapToLong(Long::longValue).sum());
            for (int i = 0; i < counts.size(); i++) {
                rejectedPerMinute.set(i, rejectedPerMinute.get(i) + counts.get(i));
            }
        });
        return new Telemetry(connected, rate(), perMinute.stream().mapToLong(Long::longValue).sum(), perMinute,
                totals, rejectedPerMinute);
    }

    LowInk lowInk(DashboardFilter filter) {
        Instant now = clock.instant();
        List<String> models = filter.models(catalog);
        Map<String, List<Long>> byModel = lowSignalsByModel.series(now, m -> models == null || models.contains(m));
        List<Long> perMinute = new ArrayList<>(zeros());
        byModel.values().forEach(counts -> {
            for (int i = 0; i < counts.size(); i++) {
                perMinute.set(i, perMinute.get(i) + counts.get(i));
            }
        });
        List<LowSignal> recent;
        synchronized (recentLowSignals) {
            recent = recentLowSignals.stream()
                    .filter(s -> models == null || models.contains(s.model()))
                    .limit(20)
                    .toList();
        }
        return new LowInk(perMinute.stream().mapToLong(Long::longValue).sum(), perMinute, recent);
    }

    private synchronized double rate() {
        if (samples.size() < 2) {
            return 0;
        }
        OffsetSample first = samples.peekFirst();
        OffsetSample last = samples.peekLast();
        if (last.at().isBefore(clock.instant().minus(RATE_WINDOW.multipliedBy(3)))) {
            return 0; // the reader lost the broker: an old rate would read as live
        }
        long millis = Duration.between(first.at(), last.at()).toMillis();
        return millis <= 0 ? 0 : (last.endOffsetSum() - first.endOffsetSum()) * 1000.0 / millis;
    }

    private static List<Long> zeros() {
        return Collections.nCopies(MINUTES, 0L);
    }
}
