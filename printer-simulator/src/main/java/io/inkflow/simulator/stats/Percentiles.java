package io.inkflow.simulator.stats;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds.
 *
 * @param count samples
 */
public record Percentiles(long count, double p50Millis, double p90Millis, double p99Millis, double p999Millis,
                          double maxMillis) {
    public static Percentiles of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0);
        }
        return new Percentiles(histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
