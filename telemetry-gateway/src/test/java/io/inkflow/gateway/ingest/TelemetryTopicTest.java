package io.inkflow.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetryTopicTest {
    @Test
    void readsTheSerialOfATelemetryTopic() {
        assertThat(TelemetryTopic.serialOf("printers/ABC-1/telemetry")).contains("ABC-1");
        assertThat(TelemetryTopic.of("ABC-1")).isEqualTo("printers/ABC-1/telemetry");
    }

    @Test
    void refusesAnythingElse() {
        assertThat(TelemetryTopic.serialOf("printers//telemetry")).isEmpty();
        assertThat(TelemetryTopic.serialOf("printers/a/b/telemetry")).isEmpty();
        assertThat(TelemetryTopic.serialOf("printers/ABC-1/config")).isEmpty();
        assertThat(TelemetryTopic.serialOf(null)).isEmpty();
    }

    @Test
    void aPrinterMayPublishOnlyToItsOwnTopic() {
        assertThat(TelemetryTopic.mayPublish("ABC-1", "printers/ABC-1/telemetry")).isTrue();
        assertThat(TelemetryTopic.mayPublish("ABC-1", "printers/ABC-2/telemetry")).isFalse();
        assertThat(TelemetryTopic.mayPublish(null, "printers/ABC-2/telemetry")).isTrue();
        assertThat(TelemetryTopic.mayPublish(null, "printers/ABC-2/other")).isFalse();
    }
}
