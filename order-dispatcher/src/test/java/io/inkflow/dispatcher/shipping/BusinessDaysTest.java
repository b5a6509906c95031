package io.inkflow.dispatcher.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BusinessDaysTest {
    @Test
    void skipsWeekends() {
        LocalDate friday = LocalDate.of(2026, 11, 20);
        assertThat(friday.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(BusinessDays.add(friday, 1)).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(BusinessDays.add(friday, 3)).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(BusinessDays.add(friday, 7)).isEqualTo(LocalDate.of(2026, 12, 1));
    }

    @Test
    void transitIsThreeToSevenDaysAndStableForOneKey() {
        IntStream.range(0, 500).mapToObj(i -> "inkflow-ship-order-" + i).forEach(key -> {
            int days = BusinessDays.transitDays(key);
            assertThat(days).isBetween(3, 7);
            assertThat(BusinessDays.transitDays(key)).isEqualTo(days);
        });
    }
}
