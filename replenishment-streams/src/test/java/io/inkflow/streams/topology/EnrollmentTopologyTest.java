package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.ReplenishmentOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentTopologyTest {
    static final String SERIAL = "MF445-7";
    static final String MODEL = "imageclass-mf445dw";
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir);
        printer = fx.printer(SERIAL, MODEL);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void reportBeforeEnrollmentDoesNotOrderButTheNextLowReportAfterItDoes() {
        printer.report(supply("K", 5));
        assertThat(fx.orders.isEmpty()).isTrue();
        assertThat(fx.supplyEvents.isEmpty()).isTrue();

        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, printer.time.plusSeconds(1));
        assertThat(fx.orders.isEmpty()).as("an enrollment alone never orders").isTrue();

        printer.report(supply("K", 4));
        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::orderId)
                .containsExactly(OrderIds.derive("enr-1", SERIAL, "K", 1));
    }

    @Test
    void cancelledPlanProducesNoNewOrder() {
        fx.enroll(SERIAL, MODEL, "enr-1");
        printer.report(supply("K", 50));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.CANCELLED, START.plusSeconds(10));
        printer.report(supply("K", 5));

        assertThat(fx.orders.isEmpty()).isTrue();
        assertThat(fx.supplyEvents.isEmpty()).isTrue();
    }

    @Test
    void deactivatedPrinterProducesNoNewOrder() {
        fx.enroll(SERIAL, MODEL, "enr-1");
        printer.report(supply("K", 5));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.DEACTIVATED, START.plusSeconds(10));
        printer.report(supply("K", 100, "K-cart-2", true));
        printer.report(supply("K", 3, "K-cart-2", true));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::depletionCycle).containsExactly(1);
    }

    @Test
    void newOwnerStartsFreshWithItsOwnOrderIds() {
        fx.enroll(SERIAL, MODEL, "enr-old");
        printer.report(supply("K", 5));
        fx.enroll(SERIAL, MODEL, "enr-old", EnrollmentStatus.DEACTIVATED, START.plusSeconds(10));
        fx.enroll(SERIAL, MODEL, "enr-new", EnrollmentStatus.ACTIVE, START.plusSeconds(20));
        // Same cartridge, still low: the new owner's slot is armed and this is its first depletion.
        printer.report(supply("K", 4));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::orderId).containsExactly(
                OrderIds.derive("enr-old", SERIAL, "K", 1), OrderIds.derive("enr-new", SERIAL, "K", 1));
    }

    @Test
    void lateCopyOfAnOlderEnrollmentIsIgnored() {
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.CANCELLED, START.plusSeconds(100));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, START.plusSeconds(50));
        printer.report(supply("K", 5));

        assertThat(fx.orders.isEmpty()).isTrue();
    }

    @Test
    void reactivatedPlanOrdersAgain() {
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.CANCELLED, START);
        printer.report(supply("K", 5));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, START.plusSeconds(100));
        printer.report(supply("K", 5));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::orderId)
                .containsExactly(OrderIds.derive("enr-1", SERIAL, "K", 1));
    }
}
