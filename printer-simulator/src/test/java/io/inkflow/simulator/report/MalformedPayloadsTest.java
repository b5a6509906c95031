package io.inkflow.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MalformedPayloadsTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator();

    @Test
    void everyVariantIsUnparsableOrViolatesTheSchema() {
        TelemetryReport valid = new TelemetryReport("SIM-000001", "pixma-ts6420a", 1, 7, Instant.parse("2026-01-01T00:00:00Z"),
                10, List.of(new SupplyLevel("PG", "PG-275", "black", 50, true, "PG-1"),
                new SupplyLevel("CL", "CL-276", "colour", 40, true, "CL-1")));
        assertThat(isValid(ReportCodec.encode(valid))).isTrue();
        for (MalformedPayloads.Variant variant : MalformedPayloads.Variant.values()) {
            assertThat(isValid(MalformedPayloads.build(variant, valid))).as(variant.name()).isFalse();
        }
    }

    private static boolean isValid(byte[] payload) {
        try {
            JsonNode node = Json.mapper().readTree(payload);
            return node != null && !node.isMissingNode()
                    && VALIDATOR.validate(MessageSchema.TELEMETRY_REPORT, node).isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
