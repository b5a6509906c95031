package io.inkflow.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.simulator.cli.DurationConverter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultRatesTest {
    @Test
    void parsesTheCommandLineSpec() {
        FaultRates rates = FaultRates.parse("dup=0.05, wrong-topic=0.01,storm=2", 0.4, Duration.ofMinutes(3));
        assertThat(rates.rate(FaultKind.DUP_REDELIVERY)).isEqualTo(0.05);
        assertThat(rates.rate(FaultKind.WRONG_TOPIC)).isEqualTo(0.01);
        assertThat(rates.rate(FaultKind.RECONNECT_STORM)).isEqualTo(2.0);
        assertThat(rates.rate(FaultKind.REORDER)).isZero();
        assertThat(FaultRates.parse("", 0.3, Duration.ZERO).any()).isFalse();
    }

    @Test
    void rejectsUnknownFaultsAndBadRates() {
        assertThatThrownBy(() -> FaultRates.parse("gremlins=0.1", 0.3, Duration.ZERO)).hasMessageContaining("gremlins");
        assertThatThrownBy(() -> FaultRates.parse("dup=1.5", 0.3, Duration.ZERO)).hasMessageContaining("dup");
        assertThatThrownBy(() -> FaultRates.parse("dup", 0.3, Duration.ZERO)).hasMessageContaining("name=rate");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("not a duration");
    }
}
