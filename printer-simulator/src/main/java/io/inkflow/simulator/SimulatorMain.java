package io.inkflow.simulator;

import io.inkflow.schemas.logging.ProcessLogs;
import io.inkflow.simulator.cli.BacktestCommand;
import io.inkflow.simulator.cli.BenchCommand;
import io.inkflow.simulator.cli.ProvisionCommand;
import io.inkflow.simulator.cli.RecordCommand;
import io.inkflow.simulator.cli.ReplayCommand;
import io.inkflow.simulator.cli.RunCommand;
import io.inkflow.simulator.cli.TraceCommand;
import io.inkflow.simulator.cli.VerifyCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code inkflow-sim} command line: provision, run, record, replay, verify, bench, backtest, trace. */
@Command(name = "inkflow-sim", mixinStandardHelpOptions = true, version = "inkflow printer simulator 0.1.0",
        description = "Fleets of virtual Canon printers over MQTT: load, faults, and an oracle that checks the orders.",
        subcommands = {ProvisionCommand.class, RunCommand.class, RecordCommand.class, ReplayCommand.class,
                VerifyCommand.class, BenchCommand.class, BacktestCommand.class, TraceCommand.class,
                CommandLine.HelpCommand.class})
public final class SimulatorMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ProcessLogs.init("io/inkflow/simulator/logback-simulator.xml"); // logs go to stderr
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code; never exits the JVM (tests and the local stack use this). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SimulatorMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
