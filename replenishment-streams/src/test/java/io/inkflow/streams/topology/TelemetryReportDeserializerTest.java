package io.inkflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.Json;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TelemetryReportDeserializerTest {
    private static final TelemetryReport REPORT = new TelemetryReport("MF445-1", "imageclass-mf445dw", 2, 17,
            Instant.parse("2026-12-04T05:40:00.123456Z"), 1234,
            List.of(new SupplyLevel("K", "057", "black", 40, true, "057-A1"),
                    new SupplyLevel("C", "057C", "cyan", 3, false, "057-C9")));

    private final TelemetryReportDeserializer deserializer = new TelemetryReportDeserializer();

    @Test
    void readsAReportAsTheGatewayStoredIt() throws Exception {
        byte[] stored = Json.mapper().writeValueAsBytes(REPORT);

        assertThat(deserializer.deserialize(Topics.TELEMETRY, stored)).isEqualTo(REPORT);
    }

    @Test
    void readsWhatIsNotPlainAsDatabindDoes() throws Exception {
        String json = Json.mapper().writeValueAsString(REPORT).replace("\"remainingPercent\":40", "\"remainingPercent\":40.0")
                .replace("\"pageCount\":1234", "\"pageCount\":1234,\"firmware\":\"2.1\"");

        assertThat(deserializer.deserialize(Topics.TELEMETRY, json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(REPORT);
    }

    @Test
    void refusesBytesThatAreNoReport() {
        byte[] garbage = "{\"serial\":\"MF445-1\",".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize(Topics.TELEMETRY, garbage))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Cannot read TelemetryReport");
        assertThat(deserializer.deserialize(Topics.TELEMETRY, null)).isNull();
    }
}
