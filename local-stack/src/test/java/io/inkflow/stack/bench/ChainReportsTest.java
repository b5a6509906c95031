package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.oracle.DepletionOracle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainReportsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private final ModelCatalog catalog = ModelCatalog.bundled();
    private final CatalogEntry model = catalog.entries().stream().filter(CatalogEntry::eligible).findFirst()
            .orElseThrow();
    private final DepletionOracle oracle = new DepletionOracle(catalog);

    /** A printer enrolled with the oracle. */
    private VirtualPrinter printer(String serial) {
        FleetPrinter identity = new FleetPrinter(serial, model.model(), Channel.CANON, "acc", "token", "enr-" + serial,
                "secret");
        oracle.enroll(identity.serial(), identity.model(), identity.enrollmentId());
        return new VirtualPrinter(1, identity, model, FleetOptions.defaults(), T0);
    }

    @Test
    void oneReportInOrderEveryTakesTheFirstSlotToItsThresholdAndMakesOneOrder() {
        ChainReports reports = new ChainReports(4, oracle, Clock.fixed(T0, ZoneOffset.UTC));
        VirtualPrinter printer = printer("CHAIN-0001");

        List<TelemetryReport> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(reports.next(printer));
        }
        ChainReports.Step step = reports.endStep();

        assertThat(sent).extracting(TelemetryReport::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(sent.get(3).supplies().getFirst().remainingPercent())
                .isEqualTo(model.slots().getFirst().lowThresholdPercent());
        assertThat(sent.get(4).supplies().getFirst().cartridgeId())
                .isNotEqualTo(sent.get(3).supplies().getFirst().cartridgeId());
        assertThat(step.orderingReports()).containsOnlyKeys("CHAIN-0001/4", "CHAIN-0001/8");
        assertThat(step.firstPublish()).isEqualTo(T0);
        assertThat(oracle.expectedOrders()).hasSize(2);
    }

    @Test
    void sequencesGoOnInTheNextStepWhichStartsEmpty() {
        ChainReports reports = new ChainReports(2, oracle, Clock.fixed(T0, ZoneOffset.UTC));

        VirtualPrinter printer = printer("CHAIN-0002");
        reports.next(printer);
        reports.endStep();
        TelemetryReport next = reports.next(printer);

        assertThat(next.sequence()).isEqualTo(2);
        assertThat(reports.endStep().orderingReports()).containsOnlyKeys("CHAIN-0002/2");
    }
}
