package io.inkflow.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.TelemetryReport;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Telemetry reports to and from the bytes a printer publishes, with the shared {@link Json#mapper()}. */
public final class ReportCodec {
    private ReportCodec() {
    }

    public static String topic(String serial) {
        return "printers/" + serial + "/telemetry";
    }

    public static byte[] encode(TelemetryReport report) {
        try {
            return Json.mapper().writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise report of " + report.serial(), e);
        }
    }

    public static TelemetryReport decode(byte[] payload) {
        try {
            return Json.mapper().readValue(payload, TelemetryReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a telemetry report", e);
        }
    }
}
