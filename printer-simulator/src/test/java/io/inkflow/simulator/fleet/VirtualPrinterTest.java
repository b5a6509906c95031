package io.inkflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.report.ReportCodec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VirtualPrinterTest {
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final SchemaValidator VALIDATOR = new SchemaValidator();

    private static VirtualPrinter printer(String model, FleetOptions options) {
        FleetPrinter p = new FleetPrinter("SIMT-000001", model, Channel.CANON, "a", "t", "e", "s");
        return new VirtualPrinter(17, p, CATALOG.find(model).orElseThrow(), options, START);
    }

    @Test
    void everyGeneratedReportConformsToTheTelemetrySchema() throws Exception {
        for (CatalogEntry entry : CATALOG.entries()) {
            VirtualPrinter printer = printer(entry.model(), FleetOptions.defaults().withNonGenuineRate(0.5));
            for (int day = 1; day <= 60; day += 3) {
                Instant now = START.plus(Duration.ofDays(day));
                printer.advanceTo(now);
                if (printer.structuralChangeDue(now)) {
                    printer.applyStructuralChanges(now);
                }
                TelemetryReport report = printer.nextReport(now, now.minusSeconds(90));
                JsonNode json = Json.mapper().readTree(ReportCodec.encode(report));
                assertThat(VALIDATOR.validate(MessageSchema.TELEMETRY_REPORT, json)).as(entry.model()).isEmpty();
                assertThat(report.supplies()).hasSize(entry.slots().size());
                assertThat(ReportCodec.decode(ReportCodec.encode(report))).isEqualTo(report);
            }
        }
    }

    @Test
    void aCartridgeReportedLowIsReplacedAfterTheDelayWithANewIdAndAFullLevel() {
        FleetOptions options = new FleetOptions(20.0, 0, 0, 0, Duration.ofDays(2), 0.0);
        VirtualPrinter printer = printer("imageclass-mf445dw", options);
        String firstId = printer.cartridgeId("K");
        Instant now = START;
        TelemetryReport low = null;
        while (low == null) {
            now = now.plus(Duration.ofHours(6));
            printer.advanceTo(now);
            TelemetryReport report = printer.nextReport(now, now);
            if (report.supplies().getFirst().remainingPercent() <= 10) {
                low = report;
            }
        }
        Instant lowAt = now;
        assertThat(printer.structuralChangeDue(lowAt.plus(Duration.ofDays(1)))).isFalse();
        assertThat(printer.structuralChangeDue(lowAt.plus(Duration.ofDays(2)))).isTrue();
        assertThat(printer.applyStructuralChanges(lowAt.plus(Duration.ofDays(2)))).isEqualTo(1);
        assertThat(printer.cartridgeId("K")).isNotEqualTo(firstId);
        assertThat(printer.levels().get("K")).isEqualTo(100.0);
        SupplyLevel fresh = printer.nextReport(lowAt.plus(Duration.ofDays(2)), lowAt).supplies().getFirst();
        assertThat(fresh.remainingPercent()).isEqualTo(100);
        assertThat(fresh.cartridgeId()).isEqualTo(printer.cartridgeId("K"));
    }

    @Test
    void noReplacementBeforeALowLevelWasReported() {
        FleetOptions options = new FleetOptions(20.0, 0, 0, 0, Duration.ofHours(1), 0.0);
        VirtualPrinter printer = printer("imageclass-mf445dw", options);
        Instant later = START.plus(Duration.ofDays(200));
        printer.advanceTo(later);
        assertThat(printer.levels().get("K")).isLessThan(10.0);
        assertThat(printer.structuralChangeDue(later.plus(Duration.ofDays(30)))).isFalse();
    }

    @Test
    void rebootStartsANewEpochAndRestartsTheSequence() {
        VirtualPrinter printer = printer("pixma-ts8320", FleetOptions.defaults());
        TelemetryReport first = printer.nextReport(START, START);
        TelemetryReport second = printer.nextReport(START, START);
        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        printer.requestReboot();
        printer.applyStructuralChanges(START);
        TelemetryReport afterBoot = printer.nextReport(START, START);
        assertThat(afterBoot.bootEpoch()).isEqualTo(first.bootEpoch() + 1);
        assertThat(afterBoot.sequence()).isEqualTo(1);
    }

    @Test
    void initialLevelsLeaveHeadroomAboveEveryThreshold() {
        for (CatalogEntry entry : CATALOG.entries()) {
            TelemetryReport report = printer(entry.model(), FleetOptions.defaults()).nextReport(START, START);
            for (SupplyLevel supply : report.supplies()) {
                int threshold = entry.slot(supply.slot()).orElseThrow().lowThresholdPercent();
                assertThat(supply.remainingPercent()).isGreaterThanOrEqualTo(threshold + 10);
            }
        }
    }

    @Test
    void nonGenuineRateOneMakesEveryCartridgeNonGenuine() {
        VirtualPrinter printer = printer("pixma-pro-200", FleetOptions.defaults().withNonGenuineRate(1.0));
        assertThat(printer.nextReport(START, START).supplies()).noneMatch(SupplyLevel::genuine);
        assertThat(printer.nonGenuineInserted()).isEqualTo(8);
    }
}
