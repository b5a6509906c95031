package io.inkflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BusinessDaysTest {
    @Test
    void skipsWeekends() {
        Instant friday = Instant.parse("2026-03-06T10:00:00Z");
        assertThat(BusinessDays.add(friday, 1)).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
        assertThat(BusinessDays.add(friday, 5)).isEqualTo(Instant.parse("2026-03-13T10:00:00Z"));
        assertThat(BusinessDays.add(friday, 0)).isEqualTo(friday);
    }

    @Test
    void fromASaturdayTheFirstBusinessDayIsMonday() {
        Instant saturday = Instant.parse("2026-03-07T10:00:00Z");
        assertThat(BusinessDays.add(saturday, 1)).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
        assertThat(BusinessDays.add(saturday, 7)).isEqualTo(Instant.parse("2026-03-17T10:00:00Z"));
    }
}
