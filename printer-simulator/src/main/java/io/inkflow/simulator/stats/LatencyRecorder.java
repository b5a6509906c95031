package io.inkflow.simulator.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * PUBACK latency in microseconds: a whole-run histogram plus interval snapshots for the live line.
 * Values above an hour are clamped, not dropped.
 */
public final class LatencyRecorder {
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private Histogram interval;

    public void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    /** Moves what was recorded since the last call into the total; returns that interval. */
    public synchronized Histogram rollInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval.copy();
    }

    /** The whole run so far (rolls the current interval in first). */
    public synchronized Histogram total() {
        rollInterval();
        return total.copy();
    }
}
