package io.inkflow.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.TestFleets;
import io.inkflow.simulator.backtest.Backtest;
import io.inkflow.simulator.backtest.BacktestPolicy;
import io.inkflow.simulator.backtest.BacktestReport;
import io.inkflow.simulator.backtest.PolicyResult;
import io.inkflow.simulator.backtest.Transit;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The offline trace: the fleet model without a broker, reproducible, and enough to count parcels. */
class TraceGeneratorTest {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();

    /** Three times the usual printing, so 60 days hold several cartridges per slot. */
    private static TraceGenerator.Options options(int days) {
        return new TraceGenerator.Options(START, Duration.ofDays(days), Duration.ofMinutes(15), Duration.ofHours(6),
                new FleetOptions(3.0, 10, 0.05, 0.05, Duration.ofDays(2), 0.0));
    }

    private static List<TraceEntry> generate(Fleet fleet, int days) {
        List<TraceEntry> trace = new ArrayList<>();
        TraceGenerator.generate(fleet, options(days), CATALOG, trace::add);
        return trace;
    }

    @Test
    void theSameFleetAndOptionsGiveTheSameTrace() {
        List<TraceEntry> first = generate(TestFleets.fleet(5, 6), 20);
        assertThat(first).hasSizeGreaterThan(100);
        assertThat(generate(TestFleets.fleet(5, 6), 20)).isEqualTo(first);
        Fleet otherSeed = new Fleet(6, "x", START, TestFleets.fleet(5, 6).printers());
        assertThat(generate(otherSeed, 20)).isNotEqualTo(first);
    }

    @Test
    void reportsAreInTimeOrderNewerPerPrinterAndFollowTheModel() {
        Fleet fleet = TestFleets.fleet(8, 10);
        List<TraceEntry> trace = new ArrayList<>();
        TraceGenerator.Summary summary = TraceGenerator.generate(fleet, options(60), CATALOG, trace::add);

        assertThat(summary.reports()).isEqualTo(trace.size());
        assertThat(summary.cartridgesReplaced()).isPositive();
        assertThat(summary.reboots()).isPositive();
        Map<String, long[]> last = new HashMap<>();
        Instant previous = Instant.MIN;
        for (TraceEntry entry : trace) {
            assertThat(entry.simTime()).isAfterOrEqualTo(previous).isBefore(START.plus(Duration.ofDays(60)));
            previous = entry.simTime();
            TelemetryReport report = ReportCodec.decode(entry.payload().getBytes(StandardCharsets.UTF_8));
            assertThat(report.timestamp()).isEqualTo(entry.simTime());
            long[] before = last.put(report.serial(), new long[] {report.bootEpoch(), report.sequence()});
            if (before != null) {
                assertThat(report.bootEpoch() > before[0]
                        || report.bootEpoch() == before[0] && report.sequence() == before[1] + 1)
                        .as("report %s after %s", report, before).isTrue();
            }
        }
        assertThat(last).hasSize(fleet.size());
    }

    @Test
    void theBacktestCountsItsParcelsWithAndWithoutAWindow() {
        List<TraceEntry> trace = generate(TestFleets.fleet(9, 12), 90);
        BacktestReport report = Backtest.run(trace, CATALOG,
                List.of(BacktestPolicy.production(), BacktestPolicy.parse("name=window-9,window=9")),
                new Transit(5, 5, 1));
        PolicyResult off = report.policies().get(0);
        PolicyResult on = report.policies().get(1);
        assertThat(report.printers()).isEqualTo(12);
        assertThat(off.orders()).isGreaterThan(20);
        assertThat(off.parcels()).isEqualTo(off.orders());
        assertThat(off.parcelsPerThousand()).isEqualTo(1000.0);
        assertThat(on.parcels()).isLessThan(on.orders());
        assertThat(on.parcelsPerThousand()).isLessThan(1000.0);
    }
}
