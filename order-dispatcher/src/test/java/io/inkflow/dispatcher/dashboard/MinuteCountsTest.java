package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MinuteCountsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:30:20Z");

    @Test
    void countsLandInTheirMinuteWithTheCurrentMinuteLast() {
        MinuteCounts<String> counts = new MinuteCounts<>(3);
        counts.add("a", NOW, 2, NOW);
        counts.add("a", NOW.minus(Duration.ofMinutes(2)), 5, NOW);
        counts.add("b", NOW.minus(Duration.ofMinutes(1)), 1, NOW);

        assertThat(counts.series(NOW, k -> true).get("a")).containsExactly(5L, 0L, 2L);
        assertThat(counts.series(NOW, k -> true).get("b")).containsExactly(0L, 1L, 0L);
        assertThat(counts.total(NOW, k -> k.equals("a"))).isEqualTo(7);
    }

    @Test
    void minutesOlderThanTheWindowAreDroppedAsTimeMovesOn() {
        MinuteCounts<String> counts = new MinuteCounts<>(3);
        counts.add("a", NOW, 4, NOW);
        counts.add("a", NOW.minus(Duration.ofMinutes(5)), 9, NOW);

        Instant later = NOW.plus(Duration.ofMinutes(3));
        assertThat(counts.total(NOW, k -> true)).isEqualTo(4);
        assertThat(counts.total(later, k -> true)).isZero();
        assertThat(counts.series(later, k -> true)).isEmpty();
    }
}
