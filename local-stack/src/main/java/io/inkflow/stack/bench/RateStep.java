package io.inkflow.stack.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the whole chain did at one offered rate, and whether it kept up: pure, so the rule that names the
 * highest sustained rate is unit-tested.
 *
 * <p>Sustained means all of: the gateway acknowledged at least {@value #ACKED_SHARE} of the offered rate;
 * the streams application's consumer lag on the telemetry topic at the end of the step was at most one
 * second of offered reports; the lag was not growing (over the second half of the step its least-squares
 * slope was at most {@value #GROWTH_SHARE} of the offered rate per second, so a backlog that would reach one
 * second of reports within 20 s fails even when it has not yet); every order the step's reports imply was
 * stored; and report-to-order-row p99 was under {@value #LATENCY_LIMIT_MILLIS} ms.
 *
 * @param offeredRate    reports per second the fleet offered
 * @param ackedPerSecond reports per second the gateway acknowledged
 * @param lagSamples     streams consumer lag (records) sampled once a second while the fleet published
 * @param ordersExpected orders the step's reports imply
 * @param ordersStored   of those, orders found in the {@code orders} table
 * @param p99Millis      report-to-order-row p99 over the stored ones
 */
record RateStep(int offeredRate, double ackedPerSecond, List<Long> lagSamples, long ordersExpected,
                long ordersStored, double p99Millis) {
    static final double ACKED_SHARE = 0.95;
    static final double GROWTH_SHARE = 0.05;
    static final double LATENCY_LIMIT_MILLIS = 1000;
    private static final int MIN_SAMPLES = 4;

    RateStep {
        lagSamples = List.copyOf(lagSamples);
    }

    /** @param reasons why the step was not sustained (empty when it was) */
    record Verdict(boolean sustained, List<String> reasons) {
        Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    Verdict verdict() {
        List<String> reasons = new ArrayList<>();
        if (ackedPerSecond < ACKED_SHARE * offeredRate) {
            reasons.add(String.format("acknowledged %.0f/s of %d/s offered", ackedPerSecond, offeredRate));
        }
        if (lagSamples.size() < MIN_SAMPLES) {
            reasons.add("only " + lagSamples.size() + " lag samples");
        } else {
            if (endLag() > offeredRate) {
                reasons.add("lag at the end " + endLag() + " records, more than one second of reports");
            }
            if (lagGrowthPerSecond() > GROWTH_SHARE * offeredRate) {
                reasons.add(String.format("lag growing by %.0f records/s", lagGrowthPerSecond()));
            }
        }
        if (ordersStored < ordersExpected) {
            reasons.add(ordersStored + " of " + ordersExpected + " orders stored");
        }
        if (p99Millis >= LATENCY_LIMIT_MILLIS) {
            reasons.add(String.format("report-to-order p99 %.0f ms", p99Millis));
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }

    long endLag() {
        return lagSamples.isEmpty() ? 0 : lagSamples.getLast();
    }

    /** Least-squares slope of the second half of the samples, in records per second (samples are 1 s apart). */
    double lagGrowthPerSecond() {
        List<Long> half = lagSamples.subList(lagSamples.size() / 2, lagSamples.size());
        int n = half.size();
        if (n < 2) {
            return 0;
        }
        double meanX = (n - 1) / 2.0;
        double meanY = half.stream().mapToLong(Long::longValue).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            covariance += (i - meanX) * (half.get(i) - meanY);
            variance += (i - meanX) * (i - meanX);
        }
        return covariance / variance;
    }

    /** The highest offered rate among the sustained steps, if any was. */
    static Optional<Integer> highestSustained(List<RateStep> steps) {
        return steps.stream().filter(s -> s.verdict().sustained()).map(RateStep::offeredRate)
                .max(Comparator.naturalOrder());
    }
}
