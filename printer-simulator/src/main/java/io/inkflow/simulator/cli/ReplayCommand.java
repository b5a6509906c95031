package io.inkflow.simulator.cli;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.oracle.OracleSettings;
import io.inkflow.simulator.report.TraceReader;
import io.inkflow.simulator.run.ReplayEngine;
import io.inkflow.simulator.stats.RunReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish a recorded JSON Lines trace again, at its original pace or scaled.",
                "The fleet file supplies credentials (and enrollment ids for the expected orders)."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MqttOptions mqtt;

    @Option(names = {"-f", "--fleet"}, defaultValue = "fleet.json", description = "Fleet file (default ${DEFAULT-VALUE}).")
    Path fleetFile;

    @Option(names = "--trace", required = true, description = "Trace written by record (or run --record).")
    Path trace;

    @Option(names = "--pace", defaultValue = "1.0",
            description = "Speed factor: 1 = recorded pace, 10 = ten times faster, 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double pace;

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to resend unacknowledged reports at the end (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Mixin
    OracleOptions oracle;

    @Option(names = "--report", description = "Write the final report (with expected orders) as JSON to this file.")
    Path report;

    @Option(names = "--json", description = "Print the final report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (pace < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pace must not be negative");
        }
        Fleet fleet = Fleet.load(fleetFile);
        Instant started = Instant.now();
        OracleSettings settings = oracle.settings();
        ReplayEngine.Result result = ReplayEngine.replay(fleet, TraceReader.read(trace), mqtt.settings(), pace,
                drainTimeout, ModelCatalog.bundled(), settings);
        RunReport finalReport = RunReport.of("replay", started, Instant.now(),
                Map.of("trace", trace.toString(), "pace", pace, "mqtt", mqtt.uri), result.stats(), result.process(),
                result.expectedOrders(), null, settings);
        Reports.emit(finalReport, report, json, spec.commandLine().getOut());
        return 0;
    }
}
