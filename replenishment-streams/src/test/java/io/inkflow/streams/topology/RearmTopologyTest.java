package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RearmTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir); // re-arm margin defaults to 20 points
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        printer = fx.printer("MF445-1", "imageclass-mf445dw");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void newCartridgeIdArmsTheSlotAgain() {
        printer.report(supply("K", 8, "K-a", true));
        printer.report(supply("K", 7, "K-a", true));
        printer.report(supply("K", 100, "K-b", true));
        printer.report(supply("K", 9, "K-b", true));
        printer.report(supply("K", 2, "K-b", true));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::orderId).containsExactly(
                OrderIds.derive("enr-1", "MF445-1", "K", 1), OrderIds.derive("enr-1", "MF445-1", "K", 2));
        assertThat(fx.supplyEvents.readValuesToList()).extracting(SupplyEvent::type)
                .contains(SupplyEventType.REARMED);
    }

    @Test
    void newCartridgeThatIsAlreadyLowOrdersAtOnce() {
        printer.report(supply("K", 8, "K-a", true));
        printer.report(supply("K", 6, "K-b", true)); // a half-used cartridge moved from another printer

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::depletionCycle).containsExactly(1, 2);
    }

    @Test
    void levelJumpOfAtLeastTheMarginArmsTheSlotAgain() {
        printer.report(supply("K", 8, "K-a", true));
        printer.report(supply("K", 28, "K-a", true)); // refilled: +20 points on the same id
        printer.report(supply("K", 10, "K-a", true));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::depletionCycle).containsExactly(1, 2);
    }

    @Test
    void smallRiseIsSensorNoiseAndDoesNotArm() {
        printer.report(supply("K", 8, "K-a", true));
        printer.report(supply("K", 27, "K-a", true)); // +19 points: below the margin
        printer.report(supply("K", 5, "K-a", true));

        assertThat(fx.orders.readValuesToList()).hasSize(1);
        assertThat(fx.supplyEvents.readValuesToList()).extracting(SupplyEvent::type)
                .doesNotContain(SupplyEventType.REARMED);
    }
}
