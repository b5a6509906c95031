package io.inkflow.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.gateway.testing.Reports;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String SERIAL = "KMTS8320-000123";
    private static final SchemaValidator SCHEMAS = new SchemaValidator();

    private final ReportValidator validator = new ReportValidator(SCHEMAS, Clock.fixed(NOW, ZoneOffset.UTC), 4096,
            Duration.ofMinutes(10));

    private static byte[] valid() {
        return Reports.json(Reports.report(SERIAL, 7, 40, NOW.minusSeconds(30)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RejectionReason reasonFor(byte[] payload) {
        Verdict verdict = validator.validate(payload, SERIAL);
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        return ((Verdict.Rejected) verdict).reason();
    }

    @Test
    void acceptsAValidReportOfTheAuthenticatedPrinter() {
        assertThat(validator.validate(valid(), SERIAL)).isEqualTo(new Verdict.Accepted(SERIAL));
    }

    @Test
    void rejectsBytesThatAreNotJson() {
        assertThat(reasonFor(utf8("level=40"))).isEqualTo(RejectionReason.NOT_JSON);
        assertThat(reasonFor(new byte[0])).isEqualTo(RejectionReason.NOT_JSON);
        assertThat(reasonFor(utf8("{\"serial\": \"x\"} trailing"))).isEqualTo(RejectionReason.NOT_JSON);
    }

    @Test
    void rejectsDuplicateKeys() {
        String json = new String(valid(), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"sequence\":1,");
        assertThat(reasonFor(utf8(json))).isEqualTo(RejectionReason.DUPLICATE_KEY);
    }

    @Test
    void rejectsAReportThatNamesASlotTwice() {
        TelemetryReport once = Reports.report(SERIAL, 7, 40, NOW.minusSeconds(30));
        SupplyLevel black = once.supplies().get(0);
        TelemetryReport twice = new TelemetryReport(SERIAL, once.model(), once.bootEpoch(), once.sequence(),
                once.timestamp(), once.pageCount(),
                List.of(black, new SupplyLevel(black.slot(), black.sku(), black.colour(), 90, true, "057-B2")));

        Verdict verdict = validator.validate(Reports.json(twice), SERIAL);

        assertThat(verdict).isEqualTo(new Verdict.Rejected(RejectionReason.DUPLICATE_SLOT, "slot K is listed twice"));
    }

    @Test
    void rejectsLevelsOutsideZeroToHundred() {
        String json = new String(valid(), StandardCharsets.UTF_8);
        assertThat(reasonFor(utf8(json.replace("\"remainingPercent\":40", "\"remainingPercent\":140"))))
                .isEqualTo(RejectionReason.LEVEL_OUT_OF_RANGE);
        assertThat(reasonFor(utf8(json.replace("\"remainingPercent\":40", "\"remainingPercent\":-1"))))
                .isEqualTo(RejectionReason.LEVEL_OUT_OF_RANGE);
    }

    @Test
    void rejectsWrongTypesAndMissingFields() {
        String json = new String(valid(), StandardCharsets.UTF_8);
        assertThat(reasonFor(utf8(json.replace("\"sequence\":7", "\"sequence\":\"seven\""))))
                .isEqualTo(RejectionReason.SCHEMA_VIOLATION);
        assertThat(reasonFor(utf8(json.replace("\"model\":\"imageclass-mf445dw\",", ""))))
                .isEqualTo(RejectionReason.SCHEMA_VIOLATION);
        assertThat(reasonFor(utf8("[1,2,3]"))).isEqualTo(RejectionReason.SCHEMA_VIOLATION);
    }

    @Test
    void rejectsATimestampTooFarInTheFuture() {
        byte[] future = Reports.json(Reports.report(SERIAL, 7, 40, NOW.plus(Duration.ofMinutes(11))));
        assertThat(reasonFor(future)).isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        byte[] slightlyAhead = Reports.json(Reports.report(SERIAL, 7, 40, NOW.plus(Duration.ofMinutes(9))));
        assertThat(validator.validate(slightlyAhead, SERIAL)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void rejectsAnUnparseableTimestamp() {
        String json = new String(valid(), StandardCharsets.UTF_8).replaceAll("\"timestamp\":\"[^\"]+\"",
                "\"timestamp\":\"yesterday\"");
        assertThat(reasonFor(utf8(json))).isEqualTo(RejectionReason.SCHEMA_VIOLATION);
    }

    @Test
    void rejectsAReportOfAnotherPrinter() {
        assertThat(validator.validate(valid(), "OTHER-0001"))
                .isEqualTo(new Verdict.Rejected(RejectionReason.SERIAL_MISMATCH,
                        "report serial " + SERIAL + " does not match OTHER-0001"));
    }

    @Test
    void rejectsOversizePayloadsBeforeParsing() {
        assertThat(reasonFor(new byte[4097])).isEqualTo(RejectionReason.OVERSIZE);
    }

    @Test
    void rejectsDeepNestingWithoutFailing() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        ReportValidator roomy = new ReportValidator(SCHEMAS, Clock.fixed(NOW, ZoneOffset.UTC), 10_000,
                Duration.ofMinutes(10));
        Verdict verdict = roomy.validate(utf8(deep), SERIAL);
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    }
}
