package io.inkflow.simulator.cli;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPlan;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.report.TraceWriter;
import io.inkflow.simulator.run.TraceGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Write offline the reports a fleet would send over --days simulated days: the same printer model",
                "as run (usage, offline periods, reboots, replacements), every report acknowledged at once, no faults.",
                "No broker, no API. The JSON Lines trace feeds backtest, verify --trace and replay."})
public final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--fleet"}, description = "Fleet file from provision (its seed and printers).")
    Path fleetFile;

    @Option(names = {"-n", "--printers"}, description = "Instead of a fleet file: plan this many printers as provision "
            + "would (made-up enrollment ids and secrets: for backtest only).")
    Integer printers;

    @Option(names = "--seed", defaultValue = "${env:SIMULATOR_SEED:-1}",
            description = "Fleet seed with -n (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--prefix", description = "Serial prefix with -n (default: derived from the seed, as provision).")
    String prefix;

    @Option(names = "--models", split = ",", description = "Model mix with -n, as provision (model=weight,...). "
            + "Default: every eligible model alike.")
    Map<String, Double> models = new LinkedHashMap<>();

    @Option(names = "--amazon-share", defaultValue = "0.2", description = "Share of AMAZON printers with -n (default ${DEFAULT-VALUE}).")
    double amazonShare;

    @Option(names = "--days", required = true, description = "Simulated days to cover.")
    double days;

    @Option(names = "--start", defaultValue = "2026-01-05T00:00:00Z",
            description = "Simulated start, an ISO instant (default ${DEFAULT-VALUE}, a Monday).")
    Instant start;

    @Mixin
    FleetModelOptions model;

    @Option(names = {"-o", "--trace"}, required = true, description = "JSON Lines trace to write.")
    Path trace;

    @Override
    public Integer call() {
        if ((fleetFile == null) == (printers == null)) {
            throw new ParameterException(spec.commandLine(), "give either --fleet or --printers");
        }
        if (!(days > 0)) {
            throw new ParameterException(spec.commandLine(), "--days must be positive");
        }
        ModelCatalog catalog = ModelCatalog.bundled();
        Fleet fleet;
        TraceGenerator.Options options;
        try {
            fleet = fleetFile != null ? Fleet.load(fleetFile) : planned(catalog);
            options = new TraceGenerator.Options(start, Duration.ofSeconds(Math.round(days * 86_400)),
                    model.sample, model.heartbeat, model.fleet());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TraceGenerator.Summary summary;
        try (TraceWriter writer = new TraceWriter(trace)) {
            summary = TraceGenerator.generate(fleet, options, catalog, writer::write);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("trace: %d printers (seed %d), %s to %s: %,d reports, %,d cartridges replaced, %,d reboots%n",
                summary.printers(), fleet.seed(), summary.start(), summary.end(), summary.reports(),
                summary.cartridgesReplaced(), summary.reboots());
        out.println("trace written to " + trace.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** The printers provision would enroll with these options, without enrolling them. */
    private Fleet planned(ModelCatalog catalog) {
        String serialPrefix = prefix != null ? prefix : ProvisionOptions.defaultPrefix(seed);
        List<FleetPrinter> all = FleetPlan.plan(catalog, seed, printers, serialPrefix, models, amazonShare).stream()
                .map(p -> new FleetPrinter(p.serial(), p.model(), p.channel(), "offline", "offline",
                        "offline-" + p.serial(), "offline"))
                .toList();
        return new Fleet(seed, "offline", start, all);
    }
}
