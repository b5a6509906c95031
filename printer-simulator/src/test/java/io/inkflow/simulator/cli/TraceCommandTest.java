package io.inkflow.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.simulator.SimulatorMain;
import io.inkflow.simulator.TestFleets;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trace}: offline reports of a planned or saved fleet, and a backtest of them. */
class TraceCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SimulatorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theSameSeedWritesTheSameTraceAndTheBacktestCountsItsParcels() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        assertThat(run("trace", "-n", "8", "--seed", "3", "--days", "45", "--usage", "3", "-o", first.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("trace: 8 printers (seed 3), 2026-01-05T00:00:00Z to 2026-02-19T00:00:00Z: ");
        assertThat(run("trace", "-n", "8", "--seed", "3", "--days", "45", "--usage", "3", "-o", second.toString()))
                .isZero();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        List<TraceEntry> entries = TraceReader.read(first);
        assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(e.serial()).startsWith("SIM3-"));

        out.getBuffer().setLength(0);
        assertThat(run("backtest", "--trace", first.toString(), "--transit", "5", "--policy", "name=production",
                "--policy", "name=window-9,window=9")).as(err.toString()).isZero();
        List<String> rows = out.toString().lines().toList();
        assertThat(rows.get(0)).startsWith("backtest: 8 printers");
        String[] production = rows.get(2).split("\\s+");
        String[] window = rows.get(3).split("\\s+");
        assertThat(production[0]).isEqualTo("production");
        assertThat(production[1]).isEqualTo(production[2]); // every order its own parcel
        assertThat(production[3]).isEqualTo("1000");
        assertThat(window[0]).isEqualTo("window-9");
        assertThat(Integer.parseInt(window[2])).isLessThan(Integer.parseInt(window[1]));
    }

    @Test
    void aSavedFleetFileGivesTheSameTraceAsItsPlan() throws Exception {
        Path fleetFile = dir.resolve("fleet.json");
        TestFleets.fleet(4, 3).save(fleetFile);
        Path fromFile = dir.resolve("file.jsonl");
        Path fromPlan = dir.resolve("plan.jsonl");
        assertThat(run("trace", "-f", fleetFile.toString(), "--days", "10", "-o", fromFile.toString()))
                .as(err.toString()).isZero();
        // TestFleets plans with prefix T<seed> and a 0.2 Amazon share, as trace -n does.
        assertThat(run("trace", "-n", "3", "--seed", "4", "--prefix", "T4", "--days", "10", "-o", fromPlan.toString()))
                .as(err.toString()).isZero();
        assertThat(Files.readAllLines(fromFile)).isEqualTo(Files.readAllLines(fromPlan));
    }

    @Test
    void refusesBothOrNeitherFleetSource() {
        assertThat(run("trace", "--days", "1", "-o", dir.resolve("t.jsonl").toString())).isNotZero();
        assertThat(err.toString()).contains("either --fleet or --printers");
        assertThat(run("trace", "-n", "2", "-f", "x.json", "--days", "1", "-o", dir.resolve("t.jsonl").toString()))
                .isNotZero();
    }
}
