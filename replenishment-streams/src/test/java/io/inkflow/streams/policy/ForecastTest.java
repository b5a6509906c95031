package io.inkflow.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z"); // Monday
    private final PolicySettings settings = PolicySettings.defaults(); // 3 readings over 24 h, 7 + 2 business days

    @Test
    void extrapolatesTheAverageRateSinceTheFirstReadingToEmpty() {
        SlotState slot = slot(80, T0, 60, 3);
        Forecast forecast = Forecast.estimate(slot, T0.plus(Duration.ofDays(2)), settings).orElseThrow();

        assertThat(forecast.daysToEmpty()).isCloseTo(6.0, within(1e-9));
        assertThat(forecast.emptyAt()).isEqualTo(T0.plus(Duration.ofDays(8)));
    }

    @Test
    void idleTimeSinceTheLastChangeSlowsTheEstimate() {
        Forecast forecast = Forecast.estimate(slot(80, T0, 60, 3), T0.plus(Duration.ofDays(4)), settings).orElseThrow();

        assertThat(forecast.daysToEmpty()).isCloseTo(12.0, within(1e-9)); // 20 points in 4 days
    }

    @Test
    void noEstimateWithoutEnoughReadingsSpanOrConsumption() {
        assertThat(Forecast.estimate(slot(80, T0, 50, 2), T0.plus(Duration.ofDays(3)), settings)).isEmpty();
        assertThat(Forecast.estimate(slot(80, T0, 60, 3), T0.plus(Duration.ofHours(2)), settings)).isEmpty();
        assertThat(Forecast.estimate(slot(50, T0, 52, 3), T0.plus(Duration.ofDays(2)), settings)).isEmpty();
    }

    @Test
    void readingsCountOnlyLevelChanges() {
        SlotState slot = SlotState.fresh("c", new LevelSample(T0, 80), true, 0);
        slot = slot.reading(new LevelSample(T0.plusSeconds(60), 80), true)
                .reading(new LevelSample(T0.plusSeconds(120), 79), true)
                .reading(new LevelSample(T0.plusSeconds(180), 79), true);
        assertThat(slot.readings()).isEqualTo(2);
        assertThat(slot.lastLevel()).isEqualTo(79);
        assertThat(slot.firstReading()).isEqualTo(new LevelSample(T0, 80));
    }

    @Test
    void comparesWithBusinessDaysNotCalendarDays() {
        Instant friday = Instant.parse("2026-03-06T12:00:00Z");
        // 9 business days after Friday noon is Thursday 19 March noon: 13 calendar days
        Forecast inTwelveDays = new Forecast(12, friday.plus(Duration.ofDays(12)));
        Forecast inFourteenDays = new Forecast(14, friday.plus(Duration.ofDays(14)));

        assertThat(inTwelveDays.shorterThan(friday, 9)).isTrue();
        assertThat(inFourteenDays.shorterThan(friday, 9)).isFalse();
    }

    private static SlotState slot(int firstLevel, Instant firstAt, int level, int readings) {
        return new SlotState("c", SlotStatus.ARMED, 0, level, true, false, false,
                new LevelSample(firstAt, firstLevel), readings);
    }
}
