package io.inkflow.simulator.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DepletionOracle#reorderInvisible}: whether two reports may reach the streams swapped (the later
 * first, the earlier then dropped as out of order) with no order changing. imageclass-mf445dw has one
 * slot, K, with a 10 % threshold; imageclass-mf743cdw has K (12 %), C, M and Y (10 %). Reports are daily
 * at 12:00 UTC from Monday 2026-03-02 (day 0) unless said otherwise.
 */
class DepletionOracleReorderTest {
    private static final String SERIAL = "MF-0001";
    private static final Instant DAY0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final OracleSettings FORECAST_ON = OracleSettings.streams(7, 2, 0, true);

    private static DepletionOracle oracle(String model, OracleSettings settings) {
        DepletionOracle oracle = new DepletionOracle(ModelCatalog.bundled(), settings);
        oracle.enroll(SERIAL, model, "enr-1");
        return oracle;
    }

    private static TelemetryReport black(int day, int level, String cartridge) {
        return new TelemetryReport(SERIAL, "imageclass-mf445dw", 0, day + 1L, DAY0.plus(Duration.ofDays(day)), 1000,
                List.of(new SupplyLevel("K", "CRG 057 BK", "black", level, true, cartridge)));
    }

    /**
     * The case that lost an order in FleetVerifyIT: both reports above the threshold, so the old rule
     * swapped them, but the earlier one is the cartridge's third distinct reading. In order the forecast
     * orders at the later one; swapped, the streams never see that reading and do not forecast yet.
     */
    @Test
    void aReportThatGivesTheForecastAReadingMayNotBeSwapped() {
        DepletionOracle inOrder = oracle("imageclass-mf445dw", FORECAST_ON);
        inOrder.accept(black(0, 80, "c1"));
        TelemetryReport earlier = black(1, 60, "c1");
        TelemetryReport later = black(2, 40, "c1");

        assertThat(inOrder.reorderInvisible(earlier, later)).isFalse();

        DepletionOracle swapped = oracle("imageclass-mf445dw", FORECAST_ON);
        swapped.accept(black(0, 80, "c1"));
        assertThat(swapped.accept(later)).isEmpty();
        assertThat(swapped.accept(earlier)).as("dropped as out of order").isEmpty();
        assertThat(inOrder.accept(earlier)).isEmpty();
        assertThat(inOrder.accept(later)).singleElement()
                .satisfies(order -> assertThat(order.trigger()).isEqualTo(OrderTrigger.FORECAST));
    }

    @Test
    void twoReportsWithTheSameLevelsThatOrderNothingMayBeSwapped() {
        DepletionOracle oracle = oracle("imageclass-mf445dw", FORECAST_ON);
        oracle.accept(black(0, 90, "c1"));
        oracle.accept(black(1, 89, "c1"));

        assertThat(oracle.reorderInvisible(black(2, 88, "c1"), black(3, 88, "c1"))).isTrue();
    }

    @Test
    void theReportThatOrdersMayNotBeSwappedEvenWithTheThresholdRuleOnly() {
        DepletionOracle oracle = oracle("imageclass-mf445dw", OracleSettings.thresholdsOnly());
        oracle.accept(black(0, 40, "c1"));

        // Swapped, the order would come from the later report: another trigger report than expected.
        assertThat(oracle.reorderInvisible(black(1, 10, "c1"), black(2, 10, "c1"))).isFalse();
        assertThat(oracle.reorderInvisible(black(1, 30, "c1"), black(2, 20, "c1"))).isTrue();
    }

    @Test
    void aNewCartridgeFirstSeenInTheEarlierReportMayNotBeSwapped() {
        DepletionOracle oracle = oracle("imageclass-mf445dw", FORECAST_ON);
        oracle.accept(black(0, 5, "c1"));

        // Same levels, no order; but the new cartridge's history would start a day later.
        assertThat(oracle.reorderInvisible(black(1, 100, "c2"), black(2, 100, "c2"))).isFalse();
    }

    @Test
    void askingChangesNothing() {
        DepletionOracle asked = oracle("imageclass-mf445dw", FORECAST_ON);
        DepletionOracle notAsked = oracle("imageclass-mf445dw", FORECAST_ON);
        for (DepletionOracle oracle : List.of(asked, notAsked)) {
            oracle.accept(black(0, 80, "c1"));
        }
        asked.reorderInvisible(black(1, 60, "c1"), black(2, 40, "c1"));
        asked.reorderInvisible(black(1, 5, "c1"), black(2, 5, "c1"));

        for (int day = 1; day <= 4; day++) {
            assertThat(asked.accept(black(day, 80 - 20 * day, "c1"))).as("day %d", day)
                    .isEqualTo(notAsked.accept(black(day, 80 - 20 * day, "c1")));
        }
        assertThat(asked.expectedOrders()).isNotEmpty().isEqualTo(notAsked.expectedOrders());
    }

    /**
     * Whenever the oracle calls a swap invisible, the whole run expects the same orders with the pair
     * swapped: random four-slot printers with the forecast and a consolidation window, cartridges replaced
     * when low, reports 6 to 30 hours apart. This checks that the state compared covers everything a later
     * report is judged by.
     */
    @Test
    void aSwapCalledInvisibleChangesNoOrderOfTheWholeRun() {
        OracleSettings settings = OracleSettings.streams(7, 2, 9, true);
        int invisible = 0;
        int visible = 0;
        for (int seed = 0; seed < 300; seed++) {
            List<TelemetryReport> reports = randomRun(new SplittableRandom(seed), 60);
            for (int i = 1; i + 1 < reports.size(); i += 3) {
                DepletionOracle prefix = oracle("imageclass-mf743cdw", settings);
                reports.subList(0, i).forEach(prefix::accept);
                if (!prefix.reorderInvisible(reports.get(i), reports.get(i + 1))) {
                    visible++;
                    continue;
                }
                invisible++;
                List<TelemetryReport> swapped = new ArrayList<>(reports);
                swapped.set(i, reports.get(i + 1));
                swapped.set(i + 1, reports.get(i));
                assertThat(allOrders(swapped, settings)).as("seed %d, swap at %d", seed, i)
                        .isEqualTo(allOrders(reports, settings));
            }
        }
        assertThat(invisible).as("swaps called invisible").isGreaterThan(1000);
        assertThat(visible).as("swaps refused").isGreaterThan(100);
    }

    private static List<ExpectedOrder> allOrders(List<TelemetryReport> reports, OracleSettings settings) {
        DepletionOracle oracle = oracle("imageclass-mf743cdw", settings);
        reports.forEach(oracle::accept);
        return oracle.expectedOrders();
    }

    private static List<TelemetryReport> randomRun(SplittableRandom random, int count) {
        String[] slots = {"K", "C", "M", "Y"};
        int[] levels = {100, 100, 100, 100};
        int[] cartridges = new int[4];
        Instant at = DAY0;
        List<TelemetryReport> reports = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            List<SupplyLevel> supplies = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                if (levels[s] <= 5 && random.nextInt(3) == 0) {
                    levels[s] = 100;
                    cartridges[s]++;
                } else {
                    levels[s] = Math.max(0, levels[s] - random.nextInt(s == 0 ? 9 : 5));
                }
                supplies.add(new SupplyLevel(slots[s], "Cartridge 055 " + slots[s], slots[s], levels[s], true,
                        slots[s] + cartridges[s]));
            }
            reports.add(new TelemetryReport(SERIAL, "imageclass-mf743cdw", 0, seq, at, 1000, supplies));
            at = at.plus(Duration.ofHours(6 + random.nextInt(25)));
        }
        return reports;
    }
}
