package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupplyEventsTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir, Map.of("STREAMS_STALE_DAYS", "3",
                "STREAMS_STALE_CHECK_INTERVAL_MS", String.valueOf(Duration.ofHours(1).toMillis())));
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        printer = fx.printer("MF445-1", "imageclass-mf445dw");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void lowSignalAndOrderTriggeredOncePerCartridgeThenRearmed() {
        printer.report(supply("K", 10));
        printer.report(supply("K", 9));
        printer.report(supply("K", 100, "K-cart-2", true));

        List<SupplyEvent> events = fx.supplyEvents.readValuesToList();
        assertThat(events).extracting(SupplyEvent::type).containsExactly(SupplyEventType.LOW_SIGNAL,
                SupplyEventType.ORDER_TRIGGERED, SupplyEventType.REARMED);
        assertThat(events.get(1).orderId()).isEqualTo(OrderIds.derive("enr-1", "MF445-1", "K", 1));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.serial()).isEqualTo("MF445-1");
            assertThat(e.slot()).isEqualTo("K");
        });
        assertThat(events).extracting(SupplyEvent::eventId).doesNotHaveDuplicates();
        assertThat(fx.counter("streams.supply.events", "type", "LOW_SIGNAL")).isEqualTo(1.0);
    }

    @Test
    void silentPrinterIsReportedStaleOnceUntilItReportsAgain() {
        printer.report(supply("K", 60)); // reaches Kafka at START + 1 h
        fx.driver.advanceWallClockTime(Duration.ofDays(2));
        assertThat(fx.supplyEvents.isEmpty()).isTrue();

        fx.driver.advanceWallClockTime(Duration.ofDays(2)); // silent for 3 days 23 hours
        fx.driver.advanceWallClockTime(Duration.ofDays(1));
        List<SupplyEvent> stale = fx.supplyEvents.readValuesToList();
        assertThat(stale).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(SupplyEventType.STALE_PRINTER);
            assertThat(e.slot()).isNull();
            assertThat(e.accountId()).isEqualTo("acct-enr-1");
        });

        printer.send(1, 2, START.plus(Duration.ofDays(5)), supply("K", 59));
        fx.driver.advanceWallClockTime(Duration.ofDays(4));
        assertThat(fx.supplyEvents.readValuesToList()).extracting(SupplyEvent::type)
                .containsExactly(SupplyEventType.STALE_PRINTER);
    }

    @Test
    void unenrolledPrinterIsNeverReportedStale() {
        var other = fx.printer("MF445-2", "imageclass-mf445dw");
        other.report(supply("K", 60));
        fx.driver.advanceWallClockTime(Duration.ofDays(10));

        assertThat(fx.supplyEvents.readValuesToList()).extracting(SupplyEvent::serial).doesNotContain("MF445-2");
    }
}
