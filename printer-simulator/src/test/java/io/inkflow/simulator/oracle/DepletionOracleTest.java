package io.inkflow.simulator.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** imageclass-mf445dw has one slot, K, with a 10% threshold. */
class DepletionOracleTest {
    private static final String SERIAL = "MF445-0001";
    private DepletionOracle oracle;

    @BeforeEach
    void enroll() {
        oracle = new DepletionOracle(ModelCatalog.bundled());
        oracle.enroll(SERIAL, "imageclass-mf445dw", "enr-1");
    }

    private static TelemetryReport report(long epoch, long seq, int level, String cartridge, boolean genuine) {
        return new TelemetryReport(SERIAL, "imageclass-mf445dw", epoch, seq, Instant.parse("2026-01-01T00:00:00Z"),
                1000, List.of(new SupplyLevel("K", "CRG 057 BK", "black", level, genuine, cartridge)));
    }

    @Test
    void ordersOnceWhenLevelReachesThresholdAndStaysLow() {
        assertThat(oracle.accept(report(0, 1, 40, "c1", true))).isEmpty();
        assertThat(oracle.accept(report(0, 2, 11, "c1", true))).isEmpty();
        List<ExpectedOrder> made = oracle.accept(report(0, 3, 10, "c1", true));
        assertThat(oracle.accept(report(0, 4, 5, "c1", true))).isEmpty();
        assertThat(oracle.accept(report(0, 5, 0, "c1", true))).isEmpty();
        assertThat(made).singleElement().satisfies(order -> {
            assertThat(order.key()).isEqualTo(new OrderKey(SERIAL, "K", 1));
            assertThat(order.orderId()).isEqualTo(OrderIds.derive("enr-1", SERIAL, "K", 1));
            assertThat(order.sku()).isEqualTo("Cartridge 057"); // the catalog SKU, whatever the printer says
            assertThat(order.cartridgeId()).isEqualTo("c1");
            assertThat(order.sequence()).isEqualTo(3);
            assertThat(order.certain()).isTrue();
        });
    }

    @Test
    void aNewCartridgeReArmsTheSlotForTheNextCycle() {
        oracle.accept(report(0, 1, 9, "c1", true));
        oracle.accept(report(0, 2, 100, "c2", true));
        oracle.accept(report(0, 3, 8, "c2", true));
        assertThat(oracle.expectedOrders()).extracting(ExpectedOrder::depletionCycle).containsExactly(1, 2);
        assertThat(oracle.expectedOrders().get(1).orderId()).isEqualTo(OrderIds.derive("enr-1", SERIAL, "K", 2));
    }

    @Test
    void nonGenuineCartridgesNeverOrderAndDoNotConsumeACycle() {
        oracle.accept(report(0, 1, 2, "fake", false));
        oracle.accept(report(0, 2, 100, "real", true));
        oracle.accept(report(0, 3, 3, "real", true));
        assertThat(oracle.expectedOrders()).singleElement()
                .satisfies(o -> assertThat(o.depletionCycle()).isEqualTo(1));
    }

    @Test
    void duplicateAndOlderReportsAreDroppedLikeTheStreamsDedup() {
        oracle.accept(report(0, 5, 50, "c1", true));
        // An older sequence showing a new, empty cartridge must not count.
        assertThat(oracle.accept(report(0, 4, 1, "other", true))).isEmpty();
        assertThat(oracle.accept(report(0, 5, 1, "other", true))).isEmpty();
        assertThat(oracle.expectedOrders()).isEmpty();
    }

    @Test
    void aHigherBootEpochRestartsTheSequence() {
        oracle.accept(report(3, 500, 50, "c1", true));
        assertThat(oracle.accept(report(4, 1, 9, "c1", true))).hasSize(1);
        assertThat(oracle.accept(report(2, 900, 100, "c9", true))).isEmpty();
    }

    @Test
    void unenrolledPrintersExpectNothing() {
        TelemetryReport stranger = new TelemetryReport("OTHER-1", "imageclass-mf445dw", 0, 1, Instant.EPOCH, 1,
                List.of(new SupplyLevel("K", "CRG 057 BK", "black", 1, true, "c")));
        assertThat(oracle.accept(stranger)).isEmpty();
    }

    @Test
    void marksOrdersOfUnacknowledgedReportsUncertain() {
        oracle.accept(report(0, 1, 5, "c1", true));
        oracle.markUncertain(SERIAL, 0, 1);
        assertThat(oracle.expectedOrders()).singleElement().satisfies(o -> assertThat(o.certain()).isFalse());
    }
}
