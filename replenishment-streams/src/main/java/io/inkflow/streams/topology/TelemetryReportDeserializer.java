package io.inkflow.streams.topology;

import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.PlainReportReader;
import io.inkflow.schemas.TelemetryReport;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the telemetry topic's reports: in one pass over the JSON tokens when the report is plain, as every report
 * the gateway took from a printer writing as the simulator does, and by databind otherwise (fields of a newer
 * printer, a number written {@code 40.0}), whose errors reach the deserialization handler as before. One pass
 * takes 1.5 µs and 2.2 KB of garbage per report, databind 2.9 µs and 5.7 KB (docs/benchmarks.md, 2026-12-04).
 */
final class TelemetryReportDeserializer implements Deserializer<TelemetryReport> {
    private final PlainReportReader plain = new PlainReportReader();
    private final Deserializer<TelemetryReport> databind = JsonSerde.of(TelemetryReport.class);

    @Override
    public TelemetryReport deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        TelemetryReport report = plain.read(data);
        return report != null ? report : databind.deserialize(topic, data);
    }
}
