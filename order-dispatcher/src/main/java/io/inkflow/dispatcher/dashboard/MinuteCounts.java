package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.persistence.OrderFlowMinutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Counts per key and per wall-clock minute for a sliding window (the dashboard's last hour), for
 * signals that only exist in memory (Kafka topics). Old minutes are dropped as time moves on.
 */
final class MinuteCounts<K> {
    private final int minutes;
    private final Map<K, TreeMap<Long, Long>> byKey = new HashMap<>();

    MinuteCounts(int minutes) {
        this.minutes = minutes;
    }

    synchronized void add(K key, Instant at, long count, Instant now) {
        long minute = minuteOf(at);
        long oldest = minuteOf(now) - minutes + 1;
        if (minute < oldest || count == 0) {
            return;
        }
        byKey.computeIfAbsent(key, k -> new TreeMap<>()).merge(minute, count, Long::sum);
        prune(oldest);
    }

    /** Per key, the counts of the window's minutes, oldest first, ending with the current minute. */
    synchronized Map<K, List<Long>> series(Instant now, Predicate<K> keys) {
        long last = minuteOf(now);
        long first = last - minutes + 1;
        prune(first);
        Map<K, List<Long>> out = new LinkedHashMap<>();
        byKey.forEach((key, counts) -> {
            if (keys.test(key)) {
                List<Long> values = new ArrayList<>(minutes);
                for (long m = first; m <= last; m++) {
                    values.add(counts.getOrDefault(m, 0L));
                }
                out.put(key, values);
            }
        });
        return out;
    }

    /** The sum over the window for every admitted key. */
    synchronized long total(Instant now, Predicate<K> keys) {
        prune(minuteOf(now) - minutes + 1);
        long sum = 0;
        for (Map.Entry<K, TreeMap<Long, Long>> e : byKey.entrySet()) {
            if (keys.test(e.getKey())) {
                for (long v : e.getValue().values()) {
                    sum += v;
                }
            }
        }
        return sum;
    }

    /** The kept order flow's minutes, so that the page's telemetry and order series line up. */
    static long minuteOf(Instant at) {
        return OrderFlowMinutes.minuteOf(at);
    }

    private void prune(long oldestMinute) {
        byKey.values().forEach(counts -> counts.headMap(oldestMinute).clear());
        byKey.values().removeIf(Map::isEmpty);
    }
}
