package io.inkflow.gateway.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Instant;
import java.util.List;

/** Telemetry reports as printers send them. */
public final class Reports {
    private Reports() {
    }

    public static TelemetryReport report(String serial, long sequence, int level, Instant timestamp) {
        return new TelemetryReport(serial, "imageclass-mf445dw", 1, sequence, timestamp, 1000 + sequence,
                List.of(new SupplyLevel("K", "Cartridge 057", "black", level, true, "057-A1")));
    }

    public static byte[] bytes(String serial, long sequence) {
        return json(report(serial, sequence, 50, Instant.now()));
    }

    public static byte[] json(TelemetryReport report) {
        try {
            return Json.mapper().writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
