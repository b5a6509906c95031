package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagAroundPeakTest {
    private static final Instant FROM = Instant.parse("2026-12-04T16:17:00Z");
    private static final String HEAD = "streams lag around its peak while publishing at 10000/s (records behind the"
            + " committed offsets, each second; in brackets the records committed per second since the sample before)";

    /** A sample {@code seconds} after {@link #FROM}: {@code end} records written, {@code committed} of them committed. */
    private static LagAroundPeak.Sample at(double seconds, long committed, long end) {
        return new LagAroundPeak.Sample(FROM.toEpochMilli() + Math.round(seconds * 1000),
                new ConsumerLag.Position(committed, end));
    }

    @Test
    void showsTheSecondsAroundTheHighestLagWithTheRecordsCommittedInEach() {
        List<LagAroundPeak.Sample> samples = new ArrayList<>();
        samples.add(at(-0.5, 0, 0)); // before the window: left out
        long committed = 0;
        long end = 0;
        for (int second = 1; second <= 12; second++) {
            end += 10_000;
            // the thread commits nothing in second 7 and catches up over seconds 8 and 9
            committed += switch (second) {
                case 7 -> 0;
                case 8, 9 -> 14_000;
                default -> 9_000;
            };
            committed = Math.min(committed, end);
            samples.add(at(second, committed, end));
        }

        String line = LagAroundPeak.within(samples, FROM, FROM.plusSeconds(12), "while publishing at 10000/s");

        assertThat(line).isEqualTo(HEAD + ": +3.0 s 3000 (9000), +4.0 s 4000 (9000), +5.0 s 5000 (9000), +6.0 s 6000 (9000),"
                + " peak +7.0 s 16000 (0), +8.0 s 12000 (14000), +9.0 s 8000 (14000), +10.0 s 9000 (9000),"
                + " +11.0 s 10000 (9000)");
    }

    @Test
    void dividesTheRecordsCommittedByTheTimeBetweenSamples() {
        List<LagAroundPeak.Sample> samples = List.of(at(0, 0, 0), at(2, 8_000, 20_000), at(2.5, 12_000, 25_000));

        assertThat(LagAroundPeak.within(samples, FROM, FROM.plusSeconds(3), "while publishing at 10000/s"))
                .isEqualTo(HEAD + ": +2.0 s 12000 (4000), peak +2.5 s 13000 (8000)");
    }

    @Test
    void saysNotMeasuredWithFewerThanTwoSamples() {
        assertThat(LagAroundPeak.within(List.of(at(1, 0, 10)), FROM, FROM.plusSeconds(60),
                "while publishing at 10000/s")).isEqualTo(HEAD + ": fewer than two samples, not measured");
    }
}
