package io.inkflow.simulator.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.backtest.Backtest;
import io.inkflow.simulator.backtest.BacktestChart;
import io.inkflow.simulator.backtest.BacktestPolicy;
import io.inkflow.simulator.backtest.BacktestReport;
import io.inkflow.simulator.backtest.Transit;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Replay the printing of a recorded trace under several replenishment policies and compare",
                "orders, parcels, stock-out days and ink left when replacements arrive. Offline: no broker, no API."})
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--trace", required = true, description = "JSON Lines trace written by record.")
    Path trace;

    @Option(names = "--policy", description = {"A policy, repeatable: name=lean,threshold=model+5,forecast=on,lead=5,"
            + "safety=1,window=3,threshold.<model>=20. Keys left out take the production values.",
            "Without --policy and --policies: production, threshold-only, threshold+10, lead-5, window-5."})
    List<String> policies = new ArrayList<>();

    @Option(names = "--policies", description = "A file with one policy per line (same syntax; # starts a comment).")
    Path policyFile;

    @Option(names = "--transit", defaultValue = "3-7",
            description = "Business days in transit, a range or one number (default ${DEFAULT-VALUE}).")
    String transit;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the transit draws (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--chart", description = "Write an SVG scatter of stock-out days against ink left to this file.")
    Path chart;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<BacktestPolicy> chosen = policies();
        BacktestReport report;
        try {
            Transit shipping = Transit.parse(transit, seed);
            report = Backtest.run(trace, ModelCatalog.bundled(), chosen, shipping);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // a bad transit, an unreadable trace or one without a known printer: the caller's mistake
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            out.print(report.text());
        }
        if (chart != null) {
            BacktestChart.write(report.policies(), chart);
            if (!json) {
                out.println("chart written to " + chart.toAbsolutePath());
            }
        }
        out.flush();
        return 0;
    }

    private List<BacktestPolicy> policies() throws Exception {
        List<String> specs = new ArrayList<>(policies);
        if (policyFile != null) {
            for (String line : Files.readAllLines(policyFile)) {
                String text = line.replaceFirst("#.*", "").trim();
                if (!text.isEmpty()) {
                    specs.add(text);
                }
            }
        }
        if (specs.isEmpty()) {
            return BacktestPolicy.defaults();
        }
        List<BacktestPolicy> parsed = new ArrayList<>();
        for (String text : specs) {
            try {
                parsed.add(BacktestPolicy.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "bad policy '" + text + "': " + e.getMessage());
            }
        }
        if (parsed.stream().map(BacktestPolicy::name).distinct().count() < parsed.size()) {
            throw new ParameterException(spec.commandLine(), "policy names must be distinct");
        }
        return parsed;
    }
}
