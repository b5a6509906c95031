package io.inkflow.simulator.cli;

import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OrderVerifier;
import io.inkflow.simulator.oracle.VerificationResult;
import io.inkflow.simulator.stats.RunReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Connect the fleet over MQTT and publish reports as ink is used, in compressed time.",
                "Stops after --days simulated days or --duration real time (Ctrl-C ends early, cleanly).",
                "Simulated time runs in the past and ends at the present: the gateway refuses future timestamps."})
public class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MqttOptions mqtt;

    @Option(names = {"-f", "--fleet"}, defaultValue = "fleet.json", description = "Fleet file from provision (default ${DEFAULT-VALUE}).")
    Path fleetFile;

    @Option(names = "--days", description = "Simulated days to run.")
    Double days;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Real time to run (30s, 10m, 2h).")
    Duration duration;

    @Option(names = {"--speed", "--sim-seconds-per-real-second"},
            description = "Simulated seconds per real second (default 1440, a day per minute; with both --days and "
                    + "--duration, days/duration).")
    Double speed;

    @Mixin
    FleetModelOptions model;

    @Option(names = "--min-report-gap", defaultValue = "1s", converter = DurationConverter.class,
            description = "Real minimum between two reports of one printer (default ${DEFAULT-VALUE}).")
    Duration minReportGap;

    @Option(names = "--faults", defaultValue = "", description = "Fault rates, e.g. dup=0.05,resend=0.05,reorder=0.02,"
            + "storm=0.5,malformed=0.01,skew=0.1,non-genuine=0.1,wrong-topic=0.005,wrong-credential=0.005. "
            + "Per report, except storm (per real minute), skew (share of printers) and non-genuine (share of cartridges).")
    String faults;

    @Option(names = "--storm-fraction", defaultValue = "0.3", description = "Share of printers a reconnect storm drops (default ${DEFAULT-VALUE}).")
    double stormFraction;

    @Option(names = "--max-skew", defaultValue = "5m", converter = DurationConverter.class,
            description = "Largest clock skew (default ${DEFAULT-VALUE}); skew ahead stays a minute under --gateway-max-future-skew.")
    Duration maxSkew;

    @Option(names = "--gateway-max-future-skew", defaultValue = "600s", converter = DurationConverter.class,
            description = "The gateway's GATEWAY_MAX_FUTURE_SKEW_SECONDS (default ${DEFAULT-VALUE}).")
    Duration gatewayMaxFutureSkew;

    @Option(names = "--connect-rate", defaultValue = "200", description = "New connections per second (default ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "At the end, how long to resend unacknowledged reports (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--record", description = "Write every publish to this JSON Lines trace.")
    Path record;

    @Option(names = "--report", description = "Write the final report as JSON to this file.")
    Path report;

    @Option(names = "--json", description = "Print the final report as JSON instead of text.")
    boolean json;

    @Option(names = "--progress-every", defaultValue = "2s", converter = DurationConverter.class,
            description = "Interval of the live progress line on stderr (default ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(names = "--verify", description = "At the end, compare expected orders with the dispatcher's orders "
            + "(needs --api and --admin-token); exit 1 on any difference.")
    boolean verify;

    @Mixin
    ApiOptions api;

    @Mixin
    OracleOptions oracle;

    @Option(names = "--verify-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long --verify waits for the orders to appear (default ${DEFAULT-VALUE}).")
    Duration verifyTimeout;

    protected Path tracePath() {
        return record;
    }

    protected String commandName() {
        return "run";
    }

    @Override
    public Integer call() throws Exception {
        Fleet fleet = Fleet.load(fleetFile);
        RunOptions options = options();
        Instant started = Instant.now();
        RunningFleet running = FleetRunner.start(fleet, options);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.stop();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (ProgressLine progress = new ProgressLine(running::stats, System.err, progressEvery.toMillis())) {
            while (!running.awaitCompletion(Duration.ofSeconds(1))) {
                // The progress line reports; Ctrl-C stops the run through the hook.
            }
        }
        running.close();
        int exit = 0;
        VerificationResult result = null;
        List<ExpectedOrder> expected = running.expectedOrders();
        if (verify) {
            Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
            result = new OrderVerifier(api.client(), Clock.systemUTC(), options.oracle())
                    .verifyEventually(expected, serials, verifyTimeout, Duration.ofSeconds(2));
            exit = result.passed() ? 0 : 1;
        }
        RunReport finalReport = RunReport.of(commandName(), started, Instant.now(), settings(options), running.stats(),
                running.processUsage(), expected, result, options.oracle());
        Reports.emit(finalReport, report, json, spec.commandLine().getOut());
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down.
        }
        return exit;
    }

    RunOptions options() {
        double effectiveSpeed = speed != null ? speed
                : (days != null && duration != null ? days * 86_400 / Math.max(1, duration.toSeconds()) : 1440);
        RunOptions.Builder builder = RunOptions.builder(mqtt.settings())
                .speed(effectiveSpeed)
                .sampleInterval(model.sample)
                .heartbeat(model.heartbeat)
                .minReportGap(minReportGap)
                .fleet(model.fleet())
                .faults(FaultRates.parse(faults, stormFraction, maxSkew))
                .gatewayMaxFutureSkew(gatewayMaxFutureSkew)
                .connectRate(connectRate)
                .drainTimeout(drainTimeout)
                .oracle(oracle.settings());
        if (days != null) {
            builder.simDuration(Duration.ofSeconds((long) (days * 86_400)));
        }
        if (duration != null) {
            builder.realDuration(duration);
        }
        if (tracePath() != null) {
            builder.trace(tracePath());
        }
        return builder.build();
    }

    static Map<String, Object> settings(RunOptions options) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mqtt", options.mqtt().serverUri());
        settings.put("mqttVersion", options.mqtt().version().name());
        settings.put("speed", options.speed());
        settings.put("simStart", options.simStart().toString());
        options.simDuration().ifPresent(d -> settings.put("simDuration", d.toString()));
        options.realDuration().ifPresent(d -> settings.put("realDuration", d.toString()));
        settings.put("sampleInterval", options.sampleInterval().toString());
        settings.put("heartbeat", options.heartbeat().toString());
        settings.put("replacementDelay", options.fleet().replacementDelay().toString());
        Map<String, Double> faults = new LinkedHashMap<>();
        options.faults().rates().forEach((k, v) -> faults.put(k.key(), v));
        settings.put("faults", faults);
        options.trace().ifPresent(t -> settings.put("trace", t.toString()));
        return settings;
    }

    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }
}
