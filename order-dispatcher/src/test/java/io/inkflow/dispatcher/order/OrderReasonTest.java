package io.inkflow.dispatcher.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderReasonTest {
    @Test
    void aForecastOrderSaysHowManyDaysBeforeEmptyInWholeDays() {
        assertThat(OrderReason.phrase("FORECAST", 4.4)).isEqualTo("ordered 4 days before empty");
        assertThat(OrderReason.phrase("FORECAST", 4.6)).isEqualTo("ordered 5 days before empty");
        assertThat(OrderReason.phrase("FORECAST", 1.2)).isEqualTo("ordered 1 day before empty");
        assertThat(OrderReason.phrase("FORECAST", 0.3)).isEqualTo("ordered less than a day before empty");
    }

    @Test
    void aForecastOrderWithoutAnEstimateClaimsNoNumber() {
        assertThat(OrderReason.phrase("FORECAST", null)).isEqualTo("ordered ahead of running empty");
    }

    @Test
    void aThresholdOrderSaysSoAndAnUnknownTriggerSaysNothing() {
        assertThat(OrderReason.phrase("THRESHOLD", null)).isEqualTo("ordered at the threshold");
        assertThat(OrderReason.phrase("THRESHOLD", 3.0)).isEqualTo("ordered at the threshold");
        assertThat(OrderReason.phrase("SOMETHING_NEW", 3.0)).isEmpty();
        assertThat(OrderReason.phrase("CONSOLIDATED", 17.6)).isEqualTo("ordered 18 days before empty, to share a parcel");
    }
}
