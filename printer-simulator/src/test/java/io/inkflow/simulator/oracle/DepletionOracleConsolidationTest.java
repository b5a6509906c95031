package io.inkflow.simulator.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The oracle with the streams forecast and a consolidation window. imageclass-mf743cdw has slots K (12 %
 * threshold), C, M and Y (10 %). Reports are daily at 12:00 UTC from Monday 2026-03-02 (day 0).
 *
 * <p>The main sequence: K falls 3 points a day from 30 and reaches its threshold on day 6 (Sunday
 * 2026-03-08); C falls 2 a day from 40, so on day 6 (28 %) it runs out 14 days later, on 2026-03-22.
 * Lead 7 + safety 2 business days from day 6 is 2026-03-19 (C is not due on its own); + a 9 day window
 * is 2026-04-01 and + a 1 day window 2026-03-20 (C runs out after that). M stays at 80, Y falls 1 a day.
 */
class DepletionOracleConsolidationTest {
    private static final String SERIAL = "MF743-0001";
    private static final String ENROLLMENT = "enr-7";
    private static final Instant DAY0 = Instant.parse("2026-03-02T12:00:00Z");

    private static DepletionOracle oracle(OracleSettings settings) {
        DepletionOracle oracle = new DepletionOracle(ModelCatalog.bundled(), settings);
        oracle.enroll(SERIAL, "imageclass-mf743cdw", ENROLLMENT);
        return oracle;
    }

    private static TelemetryReport report(int day, int k, int c, int m, int y) {
        return report(day, k, c, m, y, true);
    }

    private static TelemetryReport report(int day, int k, int c, int m, int y, boolean cyanGenuine) {
        return new TelemetryReport(SERIAL, "imageclass-mf743cdw", 0, day + 1L, DAY0.plus(Duration.ofDays(day)), 1000,
                List.of(new SupplyLevel("K", "Cartridge 055 BK", "black", k, true, "k1"),
                        new SupplyLevel("C", "Cartridge 055 C", "cyan", c, cyanGenuine, "c1"),
                        new SupplyLevel("M", "Cartridge 055 M", "magenta", m, true, "m1"),
                        new SupplyLevel("Y", "Cartridge 055 Y", "yellow", y, true, "y1")));
    }

    /** Days 0 to 6 of the main sequence; returns the orders day 6 made. */
    private static List<ExpectedOrder> mainSequence(DepletionOracle oracle, boolean cyanGenuine) {
        for (int day = 0; day < 6; day++) {
            assertThat(oracle.accept(report(day, 30 - 3 * day, 40 - 2 * day, 80, 90 - day, cyanGenuine)))
                    .as("day %d", day).isEmpty();
        }
        return oracle.accept(report(6, 12, 28, 80, 84, cyanGenuine));
    }

    @Test
    void aSlotRunningOutWithinTheWindowIsOrderedWithTheDueSlotAsOneGroup() {
        DepletionOracle oracle = oracle(OracleSettings.streams(7, 2, 9, false));
        List<ExpectedOrder> made = mainSequence(oracle, true);

        String group = OrderIds.group(ENROLLMENT, SERIAL, "K", 1);
        assertThat(made).extracting(ExpectedOrder::slot, ExpectedOrder::trigger, ExpectedOrder::depletionCycle,
                        ExpectedOrder::orderId, ExpectedOrder::groupId, ExpectedOrder::groupSize)
                .containsExactly(
                        tuple("K", OrderTrigger.THRESHOLD, 1,
                                OrderIds.derive(ENROLLMENT, SERIAL, "K", 1), group, 2),
                        tuple("C", OrderTrigger.CONSOLIDATED, 1,
                                OrderIds.derive(ENROLLMENT, SERIAL, "C", 1), group, 2));
        assertThat(made.get(1).cartridgeId()).isEqualTo("c1");
        assertThat(made.get(1).sequence()).isEqualTo(7);
        assertThat(oracle.expectedOrders()).containsExactlyInAnyOrderElementsOf(made);
    }

    @Test
    void withoutAWindowTheDueSlotOrdersAloneAndNothingIsGrouped() {
        DepletionOracle oracle = oracle(OracleSettings.streams(7, 2, 0, false));
        List<ExpectedOrder> made = mainSequence(oracle, true);

        assertThat(made).singleElement().satisfies(order -> {
            assertThat(order.slot()).isEqualTo("K");
            assertThat(order.trigger()).isEqualTo(OrderTrigger.THRESHOLD);
            assertThat(order.groupId()).isNull();
            assertThat(order.groupSize()).isNull();
        });
    }

    @Test
    void theThresholdsOnlyOracleIsTheOracleOfBefore() {
        DepletionOracle oracle = oracle(OracleSettings.thresholdsOnly());
        assertThat(mainSequence(oracle, true)).extracting(ExpectedOrder::slot).containsExactly("K");
    }

    @Test
    void aMemberMustRunOutStrictlyWithinLeadSafetyAndWindow() {
        // With a 1 day window the horizon is 2026-03-20; C runs out on the 22nd.
        assertThat(mainSequence(oracle(OracleSettings.streams(7, 2, 1, false)), true))
                .extracting(ExpectedOrder::slot).containsExactly("K");
        // With 2 days it is the 23rd.
        assertThat(mainSequence(oracle(OracleSettings.streams(7, 2, 2, false)), true))
                .extracting(ExpectedOrder::slot).containsExactly("K", "C");
    }

    @Test
    void aNonGenuineCartridgeIsNeverConsolidated() {
        List<ExpectedOrder> made = mainSequence(oracle(OracleSettings.streams(7, 2, 9, false)), false);
        assertThat(made).singleElement().satisfies(order -> assertThat(order.groupId()).isNull());
    }

    @Test
    void aConsolidatedSlotNeverOrdersAgainForTheSameCartridgeButANewOneReArmsIt() {
        DepletionOracle oracle = oracle(OracleSettings.streams(7, 2, 9, false));
        mainSequence(oracle, true);
        List<ExpectedOrder> later = new ArrayList<>();
        for (int day = 7; day <= 15; day++) {
            later.addAll(oracle.accept(report(day, 12, 40 - 2 * day, 80, 90 - day)));
        }
        assertThat(later).as("C reached 10 %% on day 15 but was already ordered").isEmpty();

        TelemetryReport fresh = new TelemetryReport(SERIAL, "imageclass-mf743cdw", 0, 17, DAY0.plus(Duration.ofDays(16)),
                1000, List.of(new SupplyLevel("C", "Cartridge 055 C", "cyan", 5, true, "c2")));
        assertThat(oracle.accept(fresh)).singleElement().satisfies(order -> {
            assertThat(order.depletionCycle()).isEqualTo(2);
            assertThat(order.trigger()).isEqualTo(OrderTrigger.THRESHOLD);
            assertThat(order.groupId()).isNull();
        });
    }

    @Test
    void theForecastOrdersFirstWhenOnAndItsReportFormsTheGroup() {
        DepletionOracle oracle = oracle(OracleSettings.streams(7, 2, 9, true));
        assertThat(oracle.accept(report(0, 30, 40, 80, 90))).isEmpty();
        assertThat(oracle.accept(report(1, 27, 38, 80, 89))).as("two readings: no forecast yet").isEmpty();
        // Day 2 (Wednesday 03-04): K runs out on 03-12, before 03-17 (9 business days): FORECAST.
        // C runs out on 03-22, before 03-04 + 18 business days.
        List<ExpectedOrder> made = oracle.accept(report(2, 24, 36, 80, 88));
        String group = OrderIds.group(ENROLLMENT, SERIAL, "K", 1);
        assertThat(made).extracting(ExpectedOrder::slot, ExpectedOrder::trigger, ExpectedOrder::groupId)
                .containsExactly(tuple("K", OrderTrigger.FORECAST, group),
                        tuple("C", OrderTrigger.CONSOLIDATED, group));
        assertThat(oracle.accept(report(6, 12, 28, 80, 84))).as("both already ordered").isEmpty();
    }

    @Test
    void twoDueSlotsFormAGroupLedByTheSmallerSlotNameOnlyWithAWindow() {
        DepletionOracle withWindow = oracle(OracleSettings.streams(7, 2, 9, false));
        withWindow.accept(report(0, 20, 20, 80, 80));
        List<ExpectedOrder> grouped = withWindow.accept(report(1, 12, 10, 80, 80));
        assertThat(grouped).extracting(ExpectedOrder::slot).containsExactly("K", "C");
        assertThat(grouped).allSatisfy(order -> {
            assertThat(order.groupId()).isEqualTo(OrderIds.group(ENROLLMENT, SERIAL, "C", 1));
            assertThat(order.groupSize()).isEqualTo(2);
        });

        DepletionOracle noWindow = oracle(OracleSettings.streams(7, 2, 0, false));
        noWindow.accept(report(0, 20, 20, 80, 80));
        assertThat(noWindow.accept(report(1, 12, 10, 80, 80))).hasSize(2)
                .allSatisfy(order -> assertThat(order.groupId()).isNull());
    }

    @Test
    void aLevelRiseOfTwentyPointsOnTheSameCartridgeReArmsTheSlot() {
        DepletionOracle oracle = oracle(OracleSettings.thresholdsOnly());
        assertThat(oracle.accept(report(0, 12, 80, 80, 80))).hasSize(1);
        assertThat(oracle.accept(report(1, 30, 80, 80, 80))).as("+18: sensor noise").isEmpty();
        assertThat(oracle.accept(report(2, 11, 80, 80, 80))).isEmpty();
        assertThat(oracle.accept(report(3, 31, 80, 80, 80))).as("+20: refilled").isEmpty();
        assertThat(oracle.accept(report(4, 12, 80, 80, 80))).singleElement()
                .satisfies(order -> assertThat(order.depletionCycle()).isEqualTo(2));
    }

    @Test
    void anUnacknowledgedReportMakesItsWholeGroupUncertain() {
        DepletionOracle oracle = oracle(OracleSettings.streams(7, 2, 9, false));
        mainSequence(oracle, true);
        oracle.markUncertain(SERIAL, 0, 7);
        assertThat(oracle.expectedOrders()).hasSize(2).noneMatch(ExpectedOrder::certain);
    }

    @Test
    void aWindowNeedsTheForecastModelled() {
        assertThatThrownBy(() -> new OracleSettings(7, 2, 9, OracleSettings.Forecast.NOT_MODELLED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
