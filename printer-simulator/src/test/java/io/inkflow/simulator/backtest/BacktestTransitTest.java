package io.inkflow.simulator.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BacktestTransitTest {
    @Test
    void businessDaysSkipTheWeekendAndKeepTheTimeOfDay() {
        Instant friday = Instant.parse("2026-03-06T12:00:00Z");
        assertThat(Transit.arrival(friday, 1)).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(Transit.arrival(friday, 5)).isEqualTo(Instant.parse("2026-03-13T12:00:00Z"));
        Instant sunday = Instant.parse("2026-03-22T12:00:00Z");
        assertThat(Transit.arrival(sunday, 5)).isEqualTo(Instant.parse("2026-03-27T12:00:00Z"));
        assertThat(Transit.arrival(friday, 0)).isEqualTo(friday);
    }

    @Test
    void drawsThreeToSevenDaysTheSameForTheSameOrder() {
        Transit transit = Transit.standard(1);
        Set<Integer> seen = new TreeSet<>();
        for (int cycle = 1; cycle <= 200; cycle++) {
            int days = transit.days("QA-000001", "C", cycle);
            assertThat(days).isBetween(3, 7).isEqualTo(transit.days("QA-000001", "C", cycle));
            seen.add(days);
        }
        assertThat(seen).containsExactly(3, 4, 5, 6, 7);
    }

    @Test
    void parsesARangeOrOneNumber() {
        assertThat(Transit.parse("3-7", 9)).isEqualTo(new Transit(3, 7, 9));
        assertThat(Transit.parse("5", 9).days("S", "K", 1)).isEqualTo(5);
        assertThatThrownBy(() -> Transit.parse("7-3", 1)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> Transit.parse("soon", 1)).hasMessageContaining("3-7 or 5");
    }
}
