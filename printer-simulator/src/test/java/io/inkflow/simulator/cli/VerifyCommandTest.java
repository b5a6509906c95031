package io.inkflow.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.simulator.SimulatorMain;
import io.inkflow.simulator.TestFleets;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OracleSettings;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceReader;
import io.inkflow.simulator.report.TraceWriter;
import io.inkflow.simulator.run.ReplayEngine;
import io.inkflow.simulator.stats.Percentiles;
import io.inkflow.simulator.stats.RunReport;
import io.inkflow.simulator.stats.RunStats;
import io.inkflow.simulator.testkit.FakeDispatcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code verify} against a real HTTP server serving the contract's {@code GET /api/v1/orders} shape. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    private FakeDispatcher dispatcher;
    private Fleet fleet;
    private List<ExpectedOrder> expected;
    private Path fleetFile;
    private Path reportFile;
    private Path traceFile;
    private String output;

    @BeforeEach
    void simulateAFleet() throws Exception {
        dispatcher = new FakeDispatcher(3);
        fleet = TestFleets.fleet(21, 4);
        fleetFile = dir.resolve("fleet.json");
        fleet.save(fleetFile);
        traceFile = dir.resolve("trace.jsonl");
        // Drive the fleet model for 60 simulated days, record every report, and let the oracle judge.
        DepletionOracle oracle = new DepletionOracle(ModelCatalog.bundled());
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        FleetOptions options = new FleetOptions(3.0, 10, 0, 0, Duration.ofDays(1), 0.0);
        try (TraceWriter trace = new TraceWriter(traceFile)) {
            for (FleetPrinter printer : fleet.printers()) {
                oracle.enroll(printer.serial(), printer.model(), printer.enrollmentId());
                VirtualPrinter virtual = new VirtualPrinter(21, printer,
                        ModelCatalog.bundled().find(printer.model()).orElseThrow(), options, start);
                for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(60))); t = t.plus(Duration.ofHours(2))) {
                    virtual.advanceTo(t);
                    if (virtual.structuralChangeDue(t)) {
                        virtual.applyStructuralChanges(t);
                    }
                    var report = virtual.nextReport(t, t);
                    oracle.accept(report);
                    trace.write(new TraceEntry(0, t, printer.serial(), ReportCodec.topic(printer.serial()),
                            TraceEntry.Kind.REPORT, false, new String(ReportCodec.encode(report), StandardCharsets.UTF_8)));
                }
            }
        }
        expected = oracle.expectedOrders();
        assertThat(expected).hasSizeGreaterThan(5);
        reportFile = dir.resolve("run-report.json");
        RunStats stats = new RunStats(4, 0, 1, 1, 1, 0, 0, Map.of(), Map.of(), Percentiles.of(new org.HdrHistogram.Histogram(3)),
                start, Duration.ofSeconds(1), expected.size(), 0);
        RunReport.of("run", start, start, Map.of(), stats, expected, null).write(reportFile);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private void holdExactlyTheExpectedOrders() {
        for (ExpectedOrder order : expected) {
            dispatcher.addOrder(order.orderId(), order.serial(), order.slot(), order.depletionCycle(), "THRESHOLD");
        }
    }

    private int verify(String... sourceArgs) {
        StringWriter out = new StringWriter();
        CommandLine cli = SimulatorMain.commandLine();
        cli.setOut(new PrintWriter(out));
        String[] base = {"verify", "--api", dispatcher.base().toString(), "--admin-token", FakeDispatcher.ADMIN,
                "--fleet", fleetFile.toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(sourceArgs))
                .toArray(String[]::new);
        int exit = cli.execute(args);
        output = out.toString();
        return exit;
    }

    @Test
    void passesWhenTheSystemHoldsExactlyTheExpectedOrders() {
        holdExactlyTheExpectedOrders();
        assertThat(verify("--expected", reportFile.toString())).isZero();
        assertThat(output).startsWith("PASS").contains("matched=" + expected.size());
        assertThat(dispatcher.orderPagesServed.get()).isGreaterThan(fleet.size()); // paged through with next
    }

    @Test
    void failsWhenAnOrderIsMissing() {
        holdExactlyTheExpectedOrders();
        ExpectedOrder dropped = expected.get(2);
        FakeDispatcher fresh = dispatcherWithout(dropped);
        assertThat(verifyAgainst(fresh, "--expected", reportFile.toString())).isEqualTo(1);
        assertThat(output).startsWith("FAIL").contains("missing=1").contains("missing   " + dropped.key());
    }

    @Test
    void failsWhenAnOrderIsDoubled() {
        holdExactlyTheExpectedOrders();
        ExpectedOrder doubled = expected.get(1);
        dispatcher.addOrder("another-id", doubled.serial(), doubled.slot(), doubled.depletionCycle(), "THRESHOLD");
        assertThat(verify("--expected", reportFile.toString())).isEqualTo(1);
        assertThat(output).contains("duplicate=1").contains("duplicate " + doubled.key());
    }

    @Test
    void failsOnAnExtraOrder() {
        holdExactlyTheExpectedOrders();
        FleetPrinter printer = fleet.printers().getFirst();
        dispatcher.addOrder("zzz", printer.serial(), "NOPE", 1, "THRESHOLD");
        assertThat(verify("--expected", reportFile.toString())).isEqualTo(1);
        assertThat(output).contains("extra=1");
    }

    @Test
    void computesTheExpectationFromATraceToo() {
        holdExactlyTheExpectedOrders();
        assertThat(verify("--trace", traceFile.toString())).isZero();
        assertThat(output).startsWith("PASS");
    }

    @Test
    void checksTheGroupsOfAConsolidatingStreamsApplication() {
        List<ExpectedOrder> grouped = ReplayEngine.expectedOrders(fleet, TraceReader.read(traceFile),
                ModelCatalog.bundled(), OracleSettings.streams(7, 2, 9, true));
        assertThat(grouped).anySatisfy(o -> assertThat(o.trigger()).isEqualTo(OrderTrigger.CONSOLIDATED));
        for (ExpectedOrder order : grouped) {
            dispatcher.addOrder(order.orderId(), order.serial(), order.slot(), order.depletionCycle(),
                    order.trigger().name(), order.groupId(), order.groupSize());
        }
        assertThat(verify("--trace", traceFile.toString(), "--consolidation-window", "9")).as(output).isZero();
        assertThat(output).startsWith("PASS").contains("matched=" + grouped.size());
        // The thresholds-only oracle does not know the groups, but tolerates what ran ahead of it.
        assertThat(verify("--trace", traceFile.toString())).as(output).isZero();
        // Told there is no window, every grouped order is in the wrong group.
        assertThat(verify("--trace", traceFile.toString(), "--consolidation-window", "0")).isEqualTo(1);
        assertThat(output).contains("group     ");
    }

    @Test
    void failsWhenAGroupMemberIsMissing() {
        List<ExpectedOrder> grouped = ReplayEngine.expectedOrders(fleet, TraceReader.read(traceFile),
                ModelCatalog.bundled(), OracleSettings.streams(7, 2, 9, true));
        ExpectedOrder dropped = grouped.stream().filter(o -> o.groupId() != null).findFirst().orElseThrow();
        for (ExpectedOrder order : grouped) {
            if (order != dropped) {
                dispatcher.addOrder(order.orderId(), order.serial(), order.slot(), order.depletionCycle(),
                        order.trigger().name(), order.groupId(), order.groupSize());
            }
        }
        assertThat(verify("--trace", traceFile.toString(), "--consolidation-window", "9")).isEqualTo(1);
        assertThat(output).contains("missing   " + dropped.key(), "incomplete group " + dropped.groupId());
    }

    @Test
    void aReportCarriesItsOracleSettingsAndRefusesOthers() {
        List<ExpectedOrder> grouped = ReplayEngine.expectedOrders(fleet, TraceReader.read(traceFile),
                ModelCatalog.bundled(), OracleSettings.streams(7, 2, 9, true));
        RunReport written = RunReport.read(reportFile);
        Path modelled = dir.resolve("modelled-report.json");
        RunReport.of("run", written.startedAt(), written.finishedAt(), Map.of(), written.stats(), written.process(),
                grouped, null, OracleSettings.streams(7, 2, 9, true)).write(modelled);
        assertThat(RunReport.read(modelled).oracleSettings()).isEqualTo(OracleSettings.streams(7, 2, 9, true));
        assertThat(RunReport.read(reportFile).oracleSettings()).isEqualTo(OracleSettings.thresholdsOnly());
        for (ExpectedOrder order : grouped) {
            dispatcher.addOrder(order.orderId(), order.serial(), order.slot(), order.depletionCycle(),
                    order.trigger().name());
        }
        assertThat(verify("--expected", modelled.toString())).isEqualTo(1);
        assertThat(output).contains("groupMismatch=");

        StringWriter err = new StringWriter();
        CommandLine cli = SimulatorMain.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("verify", "--api", dispatcher.base().toString(), "--admin-token", FakeDispatcher.ADMIN,
                "--fleet", fleetFile.toString(), "--expected", modelled.toString(), "--forecast", "on")).isNotZero();
        assertThat(err.toString()).contains("apply to --trace");

        StringWriter bad = new StringWriter();
        CommandLine again = SimulatorMain.commandLine();
        again.setErr(new PrintWriter(bad));
        assertThat(again.execute("verify", "--api", dispatcher.base().toString(), "--admin-token", FakeDispatcher.ADMIN,
                "--fleet", fleetFile.toString(), "--trace", traceFile.toString(), "--forecast", "maybe")).isNotZero();
        assertThat(bad.toString()).contains("--forecast must be on or off");
    }

    @Test
    void failsWithAClearMessageWithoutToken() {
        StringWriter err = new StringWriter();
        CommandLine cli = SimulatorMain.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("verify", "--api", dispatcher.base().toString(), "--fleet", fleetFile.toString(),
                "--expected", reportFile.toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--admin-token");
    }

    private FakeDispatcher dispatcherWithout(ExpectedOrder dropped) {
        try {
            FakeDispatcher other = new FakeDispatcher(3);
            for (ExpectedOrder order : expected) {
                if (!order.equals(dropped)) {
                    other.addOrder(order.orderId(), order.serial(), order.slot(), order.depletionCycle(), "THRESHOLD");
                }
            }
            return other;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int verifyAgainst(FakeDispatcher other, String... sourceArgs) {
        FakeDispatcher original = dispatcher;
        dispatcher = other;
        try {
            return verify(sourceArgs);
        } finally {
            dispatcher = original;
            other.close();
        }
    }
}
