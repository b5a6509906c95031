package io.inkflow.stack.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The streams application's lag second by second around its highest point in a step, with the records it
 * committed in each of those seconds. A report-to-order tail of over a second comes from such a peak, and the
 * seconds around it tell two causes apart: a thread stuck in one call commits nothing for a second or more while
 * the lag climbs at the offered rate; a thread short of a core keeps committing, fewer records a second than
 * offered, for several seconds. The lag itself is sampled once a second by the benchmark ({@link ConsumerLag}).
 */
final class LagAroundPeak {
    /** Seconds shown on each side of the peak. */
    static final int SECONDS_AROUND = 4;

    /** One sample: when it was taken and where the group stood. */
    record Sample(long epochMillis, ConsumerLag.Position position) {
    }

    private LagAroundPeak() {
    }

    /**
     * One line: the samples from {@code from} to {@code to} within {@value #SECONDS_AROUND} samples of the one with
     * the highest lag, each at its seconds after {@code from}, with the records committed since the sample before it
     * per second of the time between them.
     */
    static String within(List<Sample> samples, Instant from, Instant to, String what) {
        List<Sample> inside = samples.stream().filter(s -> s.epochMillis() >= from.toEpochMilli()
                && s.epochMillis() <= to.toEpochMilli()).toList();
        String head = "streams lag around its peak " + what
                + " (records behind the committed offsets, each second; in brackets the records committed per second"
                + " since the sample before)";
        if (inside.size() < 2) {
            return head + ": fewer than two samples, not measured";
        }
        int peak = 1;
        for (int i = 1; i < inside.size(); i++) {
            if (inside.get(i).position().lag() > inside.get(peak).position().lag()) {
                peak = i;
            }
        }
        List<String> seconds = new ArrayList<>();
        for (int i = Math.max(1, peak - SECONDS_AROUND); i <= Math.min(inside.size() - 1, peak + SECONDS_AROUND); i++) {
            Sample before = inside.get(i - 1);
            Sample now = inside.get(i);
            double elapsed = Math.max(1, now.epochMillis() - before.epochMillis()) / 1000.0;
            long committed = now.position().committed() - before.position().committed();
            seconds.add(String.format(Locale.ROOT, "%s+%.1f s %d (%.0f)", i == peak ? "peak " : "",
                    (now.epochMillis() - from.toEpochMilli()) / 1000.0, now.position().lag(), committed / elapsed));
        }
        return head + ": " + String.join(", ", seconds);
    }
}
