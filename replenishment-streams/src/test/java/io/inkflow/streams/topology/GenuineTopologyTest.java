package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenuineTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir);
        fx.enroll("TS8320-1", "pixma-ts8320", "enr-1");
        printer = fx.printer("TS8320-1", "pixma-ts8320");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void nonGenuineCartridgeSuppressesOrderingAndIsReportedOncePerCartridge() {
        printer.report(supply("C", 40, "C-clone", false), supply("M", 40));
        printer.report(supply("C", 10, "C-clone", false), supply("M", 40));
        printer.report(supply("C", 2, "C-clone", false), supply("M", 40));

        assertThat(fx.orders.isEmpty()).isTrue();
        List<SupplyEvent> nonGenuine = fx.supplyEvents.readValuesToList().stream()
                .filter(e -> e.type() == SupplyEventType.NON_GENUINE_DETECTED).toList();
        assertThat(nonGenuine).singleElement().satisfies(e -> {
            assertThat(e.slot()).isEqualTo("C");
            assertThat(e.cartridgeId()).isEqualTo("C-clone");
            assertThat(e.accountId()).isEqualTo("acct-enr-1");
        });
    }

    @Test
    void genuineReplacementOrdersAgainAndAnotherCloneIsReportedAgain() {
        printer.report(supply("C", 5, "C-clone", false));
        printer.report(supply("C", 100, "C-genuine", true));
        printer.report(supply("C", 12, "C-genuine", true));
        printer.report(supply("C", 100, "C-clone-2", false));

        assertThat(fx.orders.readValuesToList()).extracting(ReplenishmentOrder::cartridgeId)
                .containsExactly("C-genuine");
        assertThat(fx.supplyEvents.readValuesToList()).filteredOn(e -> e.type() == SupplyEventType.NON_GENUINE_DETECTED)
                .extracting(SupplyEvent::cartridgeId).containsExactly("C-clone", "C-clone-2");
    }
}
