package io.inkflow.simulator.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed trace {@code backtest/trace.jsonl} under the default policies with a fixed transit of
 * 5 business days. Every expected figure is computed by hand in {@code backtest/README.md}.
 */
class BacktestTest {
    private static List<TraceEntry> trace;
    private static BacktestReport report;
    private static Map<String, PolicyResult> byName;

    @BeforeAll
    static void replayTheTrace() throws URISyntaxException {
        trace = TraceReader.read(Path.of(BacktestTest.class.getResource("/backtest/trace.jsonl").toURI()));
        report = Backtest.run(trace, ModelCatalog.bundled(), BacktestPolicy.defaults(), new Transit(5, 5, 1));
        byName = report.policies().stream().collect(Collectors.toMap(PolicyResult::policy, Function.identity()));
    }

    @Test
    void readsTwoPrintersAndLeavesOutTheUnknownModel() {
        assertThat(report.printers()).isEqualTo(2);
        assertThat(report.slots()).isEqualTo(5);
        assertThat(report.unknownModels()).containsExactly("BT-X");
        assertThat(report.from()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(report.to()).isEqualTo(Instant.parse("2026-03-27T12:00:00Z"));
    }

    @Test
    void productionOrdersAheadByForecastAndNeverRunsOut() {
        assertFigures("production", 5, 5, 0, 0.0, 4, 9.75, 9.5, 1);
    }

    @Test
    void thresholdOnlyRunsPrinterAOutForFourDays() {
        assertFigures("threshold-only", 4, 4, 1, 4.0, 3, 5 / 3.0, 2.0, 1);
    }

    @Test
    void aHigherThresholdWithoutForecastStillRunsOutOverAWeekend() {
        assertFigures("threshold+10", 4, 4, 1, 3.0, 4, 6.5, 7.0, 0);
    }

    @Test
    void aShorterLeadTimeOrdersLaterWithLessInkLeft() {
        assertFigures("lead-5", 4, 4, 0, 0.0, 3, 5.0, 3.0, 1);
    }

    @Test
    void theWindowShipsCyanAndMagentaInOneParcel() {
        assertFigures("window-5", 5, 4, 0, 0.0, 4, 11.25, 9.5, 1);
        assertThat(byName.get("window-5").parcelsPerThousand()).isEqualTo(800.0);
    }

    @Test
    void theStandardTransitOfSeedOneDrawsWhatTheHandComputationUses() {
        Transit standard = Transit.standard(1);
        assertThat(standard.days("BT-A", "K", 1)).isEqualTo(4);
        assertThat(standard.days("BT-B", "K", 1)).isEqualTo(5);
        assertThat(standard.days("BT-B", "C", 1)).isEqualTo(4);
        assertThat(standard.days("BT-B", "M", 1)).isEqualTo(5);
        List<BacktestPolicy> two = BacktestPolicy.defaults().subList(0, 2);
        Map<String, PolicyResult> seeded = Backtest.run(trace, ModelCatalog.bundled(), two, standard).policies()
                .stream().collect(Collectors.toMap(PolicyResult::policy, Function.identity()));

        assertFigures(seeded.get("production"), 5, 5, 0, 0.0, 4, 11.75, 11.0, 1);
        assertFigures(seeded.get("threshold-only"), 4, 4, 1, 3.0, 3, 7 / 3.0, 3.0, 1);
    }

    @Test
    void theSameTraceAndSeedGiveTheSameFigures() {
        Transit standard = Transit.standard(7);
        BacktestReport once = Backtest.run(trace, ModelCatalog.bundled(), BacktestPolicy.defaults(), standard);
        BacktestReport again = Backtest.run(trace, ModelCatalog.bundled(), BacktestPolicy.defaults(), standard);
        assertThat(again).isEqualTo(once);
    }

    private static void assertFigures(String policy, long orders, long parcels, long stockOuts, double stockOutDays,
                                      long arrivals, double inkMean, double inkMedian, long inTransit) {
        assertFigures(byName.get(policy), orders, parcels, stockOuts, stockOutDays, arrivals, inkMean, inkMedian,
                inTransit);
    }

    private static void assertFigures(PolicyResult r, long orders, long parcels, long stockOuts, double stockOutDays,
                                      long arrivals, double inkMean, double inkMedian, long inTransit) {
        assertThat(r.orders()).as("orders").isEqualTo(orders);
        assertThat(r.parcels()).as("parcels").isEqualTo(parcels);
        assertThat(r.stockOuts()).as("stock-outs").isEqualTo(stockOuts);
        assertThat(r.stockOutDays()).as("stock-out days").isCloseTo(stockOutDays, within(1e-9));
        assertThat(r.arrivals()).as("arrivals").isEqualTo(arrivals);
        assertThat(r.inkLeftMeanPercent()).as("mean ink left").isCloseTo(inkMean, within(1e-9));
        assertThat(r.inkLeftMedianPercent()).as("median ink left").isCloseTo(inkMedian, within(1e-9));
        assertThat(r.inTransitAtEnd()).as("in transit").isEqualTo(inTransit);
    }
}
