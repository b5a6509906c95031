package io.inkflow.gateway.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes and reports handed to Kafka but not yet acknowledged, over all connections. When Kafka is
 * slow or down, connections stop reading once the byte budget is spent, which keeps the gateway's
 * memory bounded and keeps the producer's buffer from filling (a full buffer would block an event
 * loop). Thread-safe: taken on event loops, released on the producer's callback thread.
 */
public final class InflightBudget {
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reports;

    public InflightBudget(long maxBytes, AtomicLong reports) {
        this.maxBytes = maxBytes;
        this.reports = reports;
    }

    public void take(int size) {
        bytes.addAndGet(size);
        reports.incrementAndGet();
    }

    public void release(int size) {
        bytes.addAndGet(-size);
        reports.decrementAndGet();
    }

    public boolean exhausted() {
        return bytes.get() >= maxBytes;
    }

    public long reports() {
        return reports.get();
    }
}
