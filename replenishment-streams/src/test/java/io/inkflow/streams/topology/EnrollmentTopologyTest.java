package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
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
    void lowReportBeforeEnrollmentDoesNotOrderUntilTheEnrollmentArrivesThenOrdersOnce() {
        printer.report(supply("K", 5));
        assertThat(fx.orders.isEmpty()).isTrue();
        assertThat(fx.supplyEvents.isEmpty()).isTrue();

        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, printer.time.plusSeconds(1));
        assertThat(fx.orders.readValuesToList()).singleElement().satisfies(order -> {
            assertThat(order.orderId()).isEqualTo(OrderIds.derive("enr-1", SERIAL, "K", 1));
            assertThat(order.remainingPercent()).isEqualTo(5);
            assertThat(order.reportSequence()).isEqualTo(1);
            assertThat(order.createdAt()).isEqualTo(printer.time.plusSeconds(1)); // the enrollment's record time
        });
        assertThat(fx.supplyEvents.readValuesToList()).extracting(SupplyEvent::type)
                .containsExactly(SupplyEventType.LOW_SIGNAL, SupplyEventType.ORDER_TRIGGERED);

        printer.report(supply("K", 4));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, printer.time.plusSeconds(2)); // republished
        assertThat(fx.orders.isEmpty()).isTrue();
    }

    @Test
    void enrollmentWithoutAnyReportOrdersNothingUntilALowReport() {
        fx.enroll(SERIAL, MODEL, "enr-1");
        assertThat(fx.orders.isEmpty()).isTrue();
        printer.report(supply("K", 40));
        assertThat(fx.orders.isEmpty()).isTrue();
        printer.report(supply("K", 10));
        assertThat(fx.orders.readValuesToList()).hasSize(1);
    }

    @Test
    void nonGenuineCartridgeKnownBeforeEnrollmentIsReportedAtActivationAndNotOrdered() {
        printer.report(supply("K", 3, "K-clone", false));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, printer.time.plusSeconds(1));

        assertThat(fx.orders.isEmpty()).isTrue();
        assertThat(fx.supplyEvents.readValuesToList()).extracting(SupplyEvent::type)
                .containsExactly(SupplyEventType.NON_GENUINE_DETECTED, SupplyEventType.LOW_SIGNAL);
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
        // The low cartridge is still in the printer: the new owner's first depletion orders on enrollment.
        fx.enroll(SERIAL, MODEL, "enr-new", EnrollmentStatus.ACTIVE, START.plusSeconds(20));
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
    void reactivatedPlanOrdersALowCartridgeAtOnceButNotOneAlreadyOrdered() {
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.CANCELLED, START);
        printer.report(supply("K", 5));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, START.plusSeconds(100));
        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::orderId)
                .containsExactly(OrderIds.derive("enr-1", SERIAL, "K", 1));

        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.CANCELLED, START.plusSeconds(200));
        fx.enroll(SERIAL, MODEL, "enr-1", EnrollmentStatus.ACTIVE, START.plusSeconds(300));
        printer.report(supply("K", 4));
        assertThat(fx.orders.isEmpty()).isTrue();
    }
}
