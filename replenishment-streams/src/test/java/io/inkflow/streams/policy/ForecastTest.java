package io.inkflow.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z"); // Monday
    private final PolicySettings settings = PolicySettings.defaults(); // 3 samples over 24 h, 7 + 2 business days

    @Test
    void extrapolatesTheAverageRateToEmpty() {
        List<LevelSample> history = List.of(new LevelSample(T0, 80), new LevelSample(T0.plus(Duration.ofDays(1)), 70),
                new LevelSample(T0.plus(Duration.ofDays(2)), 60));
        Forecast forecast = Forecast.estimate(history, T0.plus(Duration.ofDays(2)), settings).orElseThrow();

        assertThat(forecast.daysToEmpty()).isCloseTo(6.0, within(1e-9));
        assertThat(forecast.emptyAt()).isEqualTo(T0.plus(Duration.ofDays(8)));
    }

    @Test
    void idleTimeSinceTheLastChangeSlowsTheEstimate() {
        List<LevelSample> history = List.of(new LevelSample(T0, 80), new LevelSample(T0.plus(Duration.ofDays(1)), 70),
                new LevelSample(T0.plus(Duration.ofDays(2)), 60));
        Forecast forecast = Forecast.estimate(history, T0.plus(Duration.ofDays(4)), settings).orElseThrow();

        assertThat(forecast.daysToEmpty()).isCloseTo(12.0, within(1e-9)); // 20 points in 4 days
    }

    @Test
    void noEstimateWithoutEnoughReadingsSpanOrConsumption() {
        List<LevelSample> two = List.of(new LevelSample(T0, 80), new LevelSample(T0.plus(Duration.ofDays(3)), 50));
        assertThat(Forecast.estimate(two, T0.plus(Duration.ofDays(3)), settings)).isEmpty();

        List<LevelSample> short_ = List.of(new LevelSample(T0, 80), new LevelSample(T0.plusSeconds(3600), 70),
                new LevelSample(T0.plusSeconds(7200), 60));
        assertThat(Forecast.estimate(short_, T0.plusSeconds(7200), settings)).isEmpty();

        List<LevelSample> rising = List.of(new LevelSample(T0, 50), new LevelSample(T0.plus(Duration.ofDays(1)), 51),
                new LevelSample(T0.plus(Duration.ofDays(2)), 52));
        assertThat(Forecast.estimate(rising, T0.plus(Duration.ofDays(2)), settings)).isEmpty();
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
}
