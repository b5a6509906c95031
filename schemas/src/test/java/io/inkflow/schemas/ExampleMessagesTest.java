package io.inkflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExampleMessagesTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator();

    @ParameterizedTest
    @EnumSource(MessageSchema.class)
    void validExampleConformsToItsSchemaAndRoundTripsThroughItsRecord(MessageSchema schema) throws IOException {
        JsonNode example = read("examples/valid/" + schema.fileName().replace(".schema", ""));

        assertThat(VALIDATOR.validate(schema, example)).isEmpty();

        // The Java record reads the example and writes back something the schema still accepts.
        Object record = Json.mapper().treeToValue(example, schema.recordType());
        JsonNode written = Json.mapper().valueToTree(record);
        assertThat(VALIDATOR.validate(schema, written)).isEmpty();
    }

    static Stream<Arguments> invalidExamples() {
        return Stream.of(
                Arguments.of(MessageSchema.TELEMETRY_REPORT, "telemetry-report.level-over-100.json"),
                Arguments.of(MessageSchema.TELEMETRY_REPORT, "telemetry-report.sequence-as-string.json"),
                Arguments.of(MessageSchema.TELEMETRY_REPORT, "telemetry-report.no-supplies.json"),
                Arguments.of(MessageSchema.ENROLLMENT, "enrollment.unknown-channel.json"),
                Arguments.of(MessageSchema.REPLENISHMENT_ORDER, "replenishment-order.missing-order-id.json"),
                Arguments.of(MessageSchema.CATALOG_ENTRY, "catalog-entry.zero-price.json"),
                Arguments.of(MessageSchema.CATALOG_ENTRY, "catalog-entry.no-parcel.json"),
                Arguments.of(MessageSchema.ORDER_EVENT, "order-event.unknown-state.json"),
                Arguments.of(MessageSchema.SUPPLY_EVENT, "supply-event.level-negative.json"),
                Arguments.of(MessageSchema.REJECTED_RECORD, "rejected-record.unknown-reason.json"),
                Arguments.of(MessageSchema.DEVICE_CREDENTIAL, "device-credential.plain-secret.json"),
                Arguments.of(MessageSchema.PRINTER_STATUS, "printer-status.no-reported-at.json"));
    }

    @ParameterizedTest
    @MethodSource("invalidExamples")
    void invalidExampleIsRejectedWithAReason(MessageSchema schema, String file) throws IOException {
        List<String> violations = VALIDATOR.validate(schema, read("examples/invalid/" + file));

        assertThat(violations).isNotEmpty();
    }

    @Test
    void everySchemaHasAnInvalidExample() {
        List<MessageSchema> covered = invalidExamples().map(a -> (MessageSchema) a.get()[0]).distinct().toList();
        assertThat(covered).containsExactlyInAnyOrder(MessageSchema.values());
    }

    @Test
    void duplicateKeysAreRefusedByTheSharedMapper() {
        String twice = "{\"serial\":\"A123\",\"serial\":\"B456\"}";

        assertThatThrownBy(() -> Json.mapper().readTree(twice)).hasMessageContaining("Duplicate field 'serial'");
    }

    @Test
    void serdeRoundTripsATelemetryReportAndPassesTombstones() throws IOException {
        JsonSerde<TelemetryReport> serde = JsonSerde.of(TelemetryReport.class);
        TelemetryReport report = Json.mapper().treeToValue(read("examples/valid/telemetry-report.json"),
                TelemetryReport.class);

        byte[] bytes = serde.serialize("t", report);

        assertThat(serde.deserialize("t", bytes)).isEqualTo(report);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void serdeReportsUnreadableBytesAsSerializationException() {
        JsonSerde<TelemetryReport> serde = JsonSerde.of(TelemetryReport.class);

        assertThatThrownBy(() -> serde.deserialize("t", "not json".getBytes()))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("TelemetryReport");
    }

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = ExampleMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource + " among "
                        + Arrays.toString(MessageSchema.values()));
            }
            return Json.mapper().readTree(in);
        }
    }
}
