package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipment consolidation on imageclass-mf743cdw (K threshold 12 %, C, M and Y 10 %), forecast trigger off so
 * only the threshold makes a slot due. Two days of reports every six hours, from Monday 08:00: K reaches its
 * threshold on Wednesday 08:00. Then C, at 2 points a day, has 18 days left: beyond the 9 business day
 * horizon (13 days from a Wednesday) but within horizon plus the 9 day window (25 days). M has 58 days
 * left; Y runs out as fast as C but is not genuine.
 */
class ConsolidationTopologyTest {
    private static final int[] K = {44, 40, 36, 32, 28, 24, 20, 16, 12};
    private static final int[] C = {40, 40, 39, 39, 38, 38, 37, 37, 36};
    private static final int[] M = {60, 60, 60, 59, 59, 59, 58, 58, 58};

    @TempDir
    Path stateDir;
    TopologyFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aSlotDueSoonIsOrderedWithTheDueOneInOneGroup() {
        start("9");

        sendTwoDays();

        List<ReplenishmentOrder> orders = fx.orders.readValuesToList();
        String groupId = OrderIds.group("enr-1", "MF743-1", "K", 1);
        assertThat(orders).hasSize(2).allSatisfy(order -> {
            assertThat(order.groupId()).isEqualTo(groupId);
            assertThat(order.groupSize()).isEqualTo(2);
            assertThat(order.depletionCycle()).isEqualTo(1);
        });
        assertThat(orders.get(0).slot()).isEqualTo("K");
        assertThat(orders.get(0).trigger()).isEqualTo(OrderTrigger.THRESHOLD);
        assertThat(orders.get(1).slot()).isEqualTo("C");
        assertThat(orders.get(1).trigger()).isEqualTo(OrderTrigger.CONSOLIDATED);
        assertThat(orders.get(1).orderId()).isEqualTo(OrderIds.derive("enr-1", "MF743-1", "C", 1));
        assertThat(orders.get(1).remainingPercent()).isEqualTo(36);
        assertThat(orders.get(1).forecastDaysToEmpty()).isCloseTo(18.0, within(0.01));
        assertThat(fx.counter("streams.orders.emitted", "trigger", "CONSOLIDATED")).isEqualTo(1.0);
        List<SupplyEvent> triggered = fx.supplyEvents.readValuesToList().stream()
                .filter(e -> e.type() == SupplyEventType.ORDER_TRIGGERED).toList();
        assertThat(triggered).extracting(SupplyEvent::orderId)
                .containsExactly(orders.get(0).orderId(), orders.get(1).orderId());
        assertThat(triggered.get(1).detail()).isEqualTo("CONSOLIDATED order, depletion cycle 1, with slot K");
    }

    @Test
    void aSlotOrderedInAGroupDoesNotOrderAgainAtItsThreshold() {
        start("9");
        sendTwoDays();
        fx.orders.readValuesToList();

        fx.printer("MF743-1", "imageclass-mf743cdw").send(1, 20, START.plus(Duration.ofDays(12)),
                supply("K", 5), supply("C", 9), supply("M", 50));

        assertThat(fx.orders.isEmpty()).isTrue();
    }

    @Test
    void withTheWindowOffTheDueSlotOrdersAlone() {
        start("0");

        sendTwoDays();

        assertThat(fx.orders.readValuesToList()).singleElement().satisfies(order -> {
            assertThat(order.slot()).isEqualTo("K");
            assertThat(order.groupId()).isNull();
            assertThat(order.groupSize()).isNull();
        });
    }

    @Test
    void aSmallWindowLeavesTheSlotThatRunsOutLaterAlone() {
        start("2"); // horizon plus window: 11 business days, 15 days from a Wednesday; C has 18

        sendTwoDays();

        assertThat(fx.orders.readValuesToList()).singleElement().satisfies(order -> assertThat(order.groupId()).isNull());
    }

    @Test
    void slotsDueTogetherShipTogetherLedByTheFirstSlotName() {
        start("9");
        TopologyFixture.Printer printer = fx.printer("MF743-1", "imageclass-mf743cdw");

        printer.report(supply("K", 11), supply("C", 8), supply("M", 80), supply("Y", 80));

        List<ReplenishmentOrder> orders = fx.orders.readValuesToList();
        assertThat(orders).extracting(ReplenishmentOrder::slot).containsExactly("K", "C");
        assertThat(orders).extracting(ReplenishmentOrder::trigger).containsOnly(OrderTrigger.THRESHOLD);
        assertThat(orders).extracting(ReplenishmentOrder::groupId)
                .containsOnly(OrderIds.group("enr-1", "MF743-1", "C", 1));
    }

    private void start(String window) {
        fx = new TopologyFixture(stateDir, Map.of("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", window));
        fx.enroll("MF743-1", "imageclass-mf743cdw", "enr-1");
    }

    private void sendTwoDays() {
        TopologyFixture.Printer printer = fx.printer("MF743-1", "imageclass-mf743cdw");
        for (int i = 0; i < K.length; i++) {
            printer.send(1, i + 1, START.plus(Duration.ofHours(6L * i)), supply("K", K[i]), supply("C", C[i]),
                    supply("M", M[i]), supply("Y", C[i], "Y-refill", false));
        }
    }
}
