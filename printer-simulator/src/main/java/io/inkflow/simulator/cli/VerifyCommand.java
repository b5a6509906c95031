package io.inkflow.simulator.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OracleSettings;
import io.inkflow.simulator.oracle.OrderVerifier;
import io.inkflow.simulator.oracle.VerificationResult;
import io.inkflow.simulator.report.TraceReader;
import io.inkflow.simulator.run.ReplayEngine;
import io.inkflow.simulator.stats.RunReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare the orders the fleet should have produced with the orders the dispatcher holds.",
                "Prints every missing, extra and duplicate order; exits 1 on any, 0 when exact."})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = {"-f", "--fleet"}, defaultValue = "fleet.json",
            description = "Fleet file: which serials to check, and enrollment ids (default ${DEFAULT-VALUE}).")
    Path fleetFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--expected", description = "A JSON report of run, record or replay (its expectedOrders).")
        Path expected;

        @Option(names = "--trace", description = "A JSON Lines trace; expected orders are computed from its reports.")
        Path trace;
    }

    @Mixin
    OracleOptions oracle;

    @Option(names = "--timeout", defaultValue = "0s", converter = DurationConverter.class,
            description = "Keep checking until exact or this much time passed (orders trail telemetry) (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--settle", defaultValue = "0s", converter = DurationConverter.class,
            description = "After a pass, check again after this long to catch late duplicates (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Fleet fleet = Fleet.load(fleetFile);
        List<ExpectedOrder> expected;
        OracleSettings settings;
        if (source.expected != null) {
            if (oracle.given()) {
                throw new ParameterException(spec.commandLine(), "a report carries the oracle settings its orders "
                        + "were computed with; --consolidation-window, --lead-time, --safety-margin and --forecast "
                        + "apply to --trace");
            }
            RunReport report = RunReport.read(source.expected);
            expected = report.expectedOrders();
            settings = report.oracleSettings();
        } else {
            settings = oracle.settings();
            expected = ReplayEngine.expectedOrders(fleet, TraceReader.read(source.trace), ModelCatalog.bundled(),
                    settings);
        }
        Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
        VerificationResult result = new OrderVerifier(api.client(), Clock.systemUTC(), settings)
                .verifyEventually(expected, serials, timeout, settle);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            out.print(result.describe());
        }
        out.flush();
        return result.passed() ? 0 : 1;
    }
}
