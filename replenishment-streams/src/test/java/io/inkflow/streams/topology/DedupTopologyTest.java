package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.TelemetryReport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir);
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        printer = fx.printer("MF445-1", "imageclass-mf445dw");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void repeatedSequenceIsDropped() {
        TelemetryReport low = printer.report(supply("K", 5));
        printer.resend(low);
        printer.resend(low);

        assertThat(fx.orders.readValuesToList()).hasSize(1);
        assertThat(fx.counter("streams.reports.duplicate", "kind", "REPEAT")).isEqualTo(2.0);
    }

    @Test
    void repeatedSequenceAfterRearmDoesNotOrderAgain() {
        TelemetryReport low = printer.report(supply("K", 5));
        printer.report(supply("K", 100, "K-cart-2", true)); // new cartridge re-arms
        // A stale resend of the first low report carries the old cartridge: it must not re-arm and order.
        printer.resend(low);

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::depletionCycle).containsExactly(1);
    }

    @Test
    void olderReportDoesNotMoveStateBackwards() {
        printer.report(supply("K", 50));                                                 // seq 1
        printer.send(1, 3, printer.time.plus(Duration.ofHours(2)), supply("K", 5));      // seq 3: orders cycle 1
        printer.send(1, 4, printer.time.plus(Duration.ofHours(3)), supply("K", 100, "K-cart-2", true)); // new cartridge
        // seq 2 arrives late, still carrying the first cartridge at a low level
        printer.send(1, 2, printer.time.plus(Duration.ofHours(4)), supply("K", 4, "K-cart-1", true));
        // the current cartridge keeps falling; it is only ordered when it itself reaches the threshold
        printer.send(1, 5, printer.time.plus(Duration.ofHours(5)), supply("K", 60, "K-cart-2", true));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::orderId)
                .containsExactly(OrderIds.derive("enr-1", "MF445-1", "K", 1));
        assertThat(fx.counter("streams.reports.duplicate", "kind", "OUT_OF_ORDER")).isEqualTo(1.0);
    }

    @Test
    void newBootEpochRestartsTheSequenceExplicitly() {
        printer.send(1, 500, printer.time, supply("K", 50));
        printer.send(2, 1, printer.time.plusSeconds(60), supply("K", 9)); // rebooted: sequence restarts at 1
        printer.send(2, 1, printer.time.plusSeconds(60), supply("K", 9)); // and its duplicate
        printer.send(1, 501, printer.time.plusSeconds(120), supply("K", 100, "K-cart-9", true)); // late, old boot

        assertThat(fx.orders.readValuesToList()).singleElement()
                .satisfies(o -> assertThat(o.reportSequence()).isEqualTo(1));
        assertThat(fx.counter("streams.reports.duplicate", "kind", "REPEAT")).isEqualTo(1.0);
        assertThat(fx.counter("streams.reports.duplicate", "kind", "OLD_BOOT")).isEqualTo(1.0);
    }
}
