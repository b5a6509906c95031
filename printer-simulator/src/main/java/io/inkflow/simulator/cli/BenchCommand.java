package io.inkflow.simulator.cli;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.bench.MachineLoad;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.mqtt.MqttClient;
import io.inkflow.simulator.mqtt.MqttVersion;
import io.inkflow.simulator.run.BenchEngine;
import io.inkflow.simulator.stats.RunReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Open-loop load generator: publish reports at a fixed total rate from N printers for a duration,",
                "then print the achieved rate and PUBACK latency percentiles (measured from the scheduled send time).",
                "Reports repeat each printer's initial levels, so a bench never creates orders."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MqttOptions mqtt;

    @Option(names = {"-f", "--fleet"}, defaultValue = "fleet.json", description = "Fleet file (default ${DEFAULT-VALUE}).")
    Path fleetFile;

    @Option(names = "--rate", required = true, description = "Reports per second across all printers.")
    double rate;

    @Option(names = {"-n", "--printers"}, description = "Printers to connect (default: the whole fleet).")
    Integer printers;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "Measured period (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest wait for every printer to connect before measuring (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--connect-rate", defaultValue = "200", description = "New connections per second (default ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--client", defaultValue = "paho",
            description = {"MQTT client: paho (default; MQTT 3.1.1 and 5, TCP and TLS) or netty (MQTT 3.1.1 over plain",
                    "TCP, all printers on one event loop: a fraction of Paho's CPU per report, for a load generator",
                    "that shares its machine with what it measures)."})
    String client;

    @Option(names = "--report", description = "Write the final report as JSON to this file.")
    Path report;

    @Option(names = "--json", description = "Print the final report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Fleet fleet = Fleet.load(fleetFile);
        int n = printers != null ? printers : fleet.size();
        BenchEngine.BenchOptions options = new BenchEngine.BenchOptions(mqtt.settings(), rate, n, duration, warmup,
                connectRate, Duration.ofSeconds(30), clientKind());
        // A figure measured beside other work is not a result: say how busy the machine was around the run.
        MachineLoad loadBefore = MachineLoad.now();
        Instant started = Instant.now();
        BenchEngine.Result result = BenchEngine.run(fleet, options, ModelCatalog.bundled(),
                stats -> System.err.println(ProgressLine.format(stats, stats.reportsPerSecond())));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mqtt", mqtt.uri);
        settings.put("targetRate", rate);
        settings.put("achievedRate", Math.round(result.achievedRate() * 10) / 10.0);
        settings.put("missedNotConnected", result.missed());
        settings.put("printers", n);
        settings.put("client", client);
        settings.put("duration", duration.toString());
        settings.put("loadAverageBefore", loadBefore.toString());
        settings.put("loadAverageAfter", MachineLoad.now().toString());
        RunReport finalReport = RunReport.of("bench", started, Instant.now(), settings, result.stats(),
                result.process(), List.of(), null);
        Reports.emit(finalReport, report, json, spec.commandLine().getOut());
        if (!json) {
            spec.commandLine().getOut().printf("target rate %.1f/s, achieved %.1f/s, missed (printer not connected) %d%n",
                    rate, result.achievedRate(), result.missed());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The {@code --client} choice; the netty client refuses MQTT 5 and TLS here rather than at the first connect. */
    private MqttClient clientKind() {
        MqttClient kind;
        try {
            kind = MqttClient.valueOf(client.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--client must be paho or netty, was " + client);
        }
        if (kind == MqttClient.NETTY && (mqtt.settings().version() != MqttVersion.V3_1_1 || mqtt.settings().tls())) {
            throw new ParameterException(spec.commandLine(),
                    "--client netty speaks MQTT 3.1.1 over plain TCP only; use --client paho for --mqtt5 or ssl://");
        }
        return kind;
    }
}
