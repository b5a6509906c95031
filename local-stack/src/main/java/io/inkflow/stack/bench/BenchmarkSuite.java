package io.inkflow.stack.bench;

import io.inkflow.schemas.bench.MachineLoad;
import io.inkflow.schemas.bench.MachineProcessor;
import io.inkflow.schemas.config.Env;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every benchmark and writes docs/benchmarks.md (a command-line entry point; see the {@code bench}
 * profile of local-stack/pom.xml). The gateway, streams and dispatcher benchmarks are the modules' own,
 * run through their documented Maven commands; the end-to-end latency benchmark is this module's.
 * Nothing is copied from earlier runs: a benchmark that cannot run is reported as such, without a figure.
 *
 * <p>Environment: {@code BENCH_ONLY} (comma list of gateway, streams, dispatcher, e2e, chain; default all),
 * {@code BENCH_GATEWAY_ARGS}, {@code BENCH_STORM_ORDERS} (20000), {@code BENCH_E2E_PRINTERS} (50),
 * {@code BENCH_E2E_RATE} (200 reports/s), {@code BENCH_E2E_SECONDS} (60), {@code BENCH_OUTPUT}
 * (docs/benchmarks.md); the whole-chain benchmark's {@code BENCH_CHAIN_*} (see {@link ChainOptions}).
 */
public final class BenchmarkSuite {
    private static final String SUITE_COMMAND = "./mvnw -B -Pbench -DskipTests install -pl local-stack -am";
    private static final String MVN_COMMON = "-Dinkflow.target=target-bench";
    static final String CHAIN_COMMAND = "./mvnw -B -Pbench-chain -DskipTests package -pl local-stack -am";
    /** What the whole-chain benchmark does and how to read it: the intro of the document, kept by every run. */
    private static final String CHAIN_INTRO = """
            The whole-chain benchmark (section `chain`, class `io.inkflow.stack.bench.ChainBenchmark`) runs alone with

            ```
            BENCH_CHAIN_RATES=1000,2000,5000,10000,20000 BENCH_CHAIN_SECONDS=60 %s
            ```

            It starts a KRaft broker and PostgreSQL in its own JVM and the gateway, streams application (exactly_once_v2, \
            commit interval `BENCH_CHAIN_COMMIT_MS`, 50 ms as in production) and dispatcher (sandbox payment and carrier) each as a JVM of its own with production \
            configuration, enrolls `BENCH_CHAIN_PRINTERS` printers (200, or as many as the highest rate needs for none to send more than the gateway's 50 reports a second, `GATEWAY_RATE_LIMIT_PER_SECOND`; fewer is refused, since 2026-12-04: every step above 10,000/s with 200 printers before measured that limit) through the API, and lets the simulator's open-loop \
            `bench` engine publish QoS 1 at each offered rate for `BENCH_CHAIN_SECONDS` (60), after \
            `BENCH_CHAIN_WARMUP_SECONDS` (120: five JVMs compile for about two minutes on two cores) unmeasured at the first rate. One report in `BENCH_CHAIN_ORDER_EVERY` (10) takes \
            a printer's first cartridge to its threshold (the next one brings a new cartridge), so it makes one order. \
            Per rate it prints reports acknowledged per second, the streams application's consumer lag on \
            `printer.telemetry.v1` at the end of the step (Admin client, sampled every second), orders stored per second, \
            PUBACK p99 and report-to-order-row p50/p99/max (the commit of the dispatcher transaction that inserted the row, \
            from PostgreSQL's `pg_xact_commit_timestamp`, minus the instant the report was handed to the MQTT client), and \
            p50/p99 per hop: PUBACK; gateway to Kafka (telemetry record's broker append time; the benchmark sets \
            `message.timestamp.type=LogAppendTime` on the telemetry and orders topics); streams processing (order record's \
            append time minus the telemetry record's); streams commit (until a `read_committed` consumer of the benchmark, \
            fetching as the dispatcher does, first reads the order); dispatcher poll (the row's `ingested_at`, taken just \
            before its insert, minus that); dispatcher store and commit (the transaction's commit minus `ingested_at`). \
            A rate is **sustained** when the gateway \
            acknowledged at least 95%% of it, the lag at the end of the step is at most one second of offered reports and \
            not growing (its slope over the second half of the step is at most 5%% of the offered rate per second), every \
            order of the step was stored and report-to-order p99 is under 1 s; the result is the highest sustained rate. \
            Since 2026-12-03 it also prints the cores each process used while the fleet published, with its CPU per \
            acknowledged report (`ProcessCpu`: the Kafka node, PostgreSQL's postmaster with its backends, each service, \
            its own JVM as `harness`) and the machine's busy and stolen cores from `/proc/stat`. \
            Two checks close the run: the telemetry topic holds exactly as many records as reports were acknowledged, and \
            the `orders` table exactly as many rows as the simulator's oracle expects. Other options: \
            `BENCH_CHAIN_PARTITIONS` (6), `BENCH_CHAIN_SETTLE_SECONDS` (120, the longest wait after a step for the lag to \
            reach 0 and its orders to be stored), `BENCH_CHAIN_RUN_DIR` (`.inkflow/bench/chain`, service logs in `logs/`), \
            `BENCH_CHAIN_PROFILE` (false; true: each service process writes a flight recording, `logs/service-<pid>.jfr`), \
            `BENCH_CHAIN_LINGER_MS` (the gateway's `GATEWAY_KAFKA_LINGER_MS`; its own default when unset). \
            Each step also prints its report-to-order p99 per 10 s of publishing and its five slowest reports hop by hop.

            """.formatted(CHAIN_COMMAND);

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Env env = new Env(System.getenv());
        Set<String> only = Set.of(env.string("BENCH_ONLY", "gateway,streams,dispatcher,e2e,chain").split(","));
        Path root = Path.of("").toAbsolutePath();
        Path logs = root.resolve(".inkflow/bench");
        Files.createDirectories(logs);
        Path output = root.resolve(env.string("BENCH_OUTPUT", "docs/benchmarks.md"));
        Instant started = Instant.now();
        MachineLoad loadBefore = MachineLoad.now();
        out.println("[bench] load average before: " + loadBefore);
        if (loadBefore.busy()) {
            out.println("[bench] the machine is busy (1-minute load above the core count): the run goes on, but its "
                    + "figures are not a result and will not be written to " + root.relativize(output));
        }
        Path sections = logs.resolve("sections");
        Files.createDirectories(sections);

        for (ModuleBenchmark benchmark : moduleBenchmarks(env)) {
            String key = benchmark.name().split(" ")[0].toLowerCase(Locale.ROOT);
            if (!only.contains(key)) {
                continue;
            }
            out.println("[bench] running " + benchmark.name() + ": " + benchmark.commandLine());
            ModuleBenchmark.Outcome outcome = benchmark.run(root, logs.resolve(key + ".log"));
            out.println("[bench] " + benchmark.name() + (outcome.succeeded() ? " done" : " FAILED (exit "
                    + outcome.exitCode() + ")") + " in " + outcome.took().toSeconds() + "s");
            Files.writeString(sections.resolve(key + ".md"), section(outcome, root));
        }
        if (only.contains("e2e")) {
            Files.writeString(sections.resolve("e2e.md"), endToEnd(env, root, out));
        }
        if (only.contains("chain")) {
            Files.writeString(sections.resolve("chain.md"), chain(out));
        }
        MachineLoad loadAfter = MachineLoad.now();
        out.println("[bench] load average after: " + loadAfter);
        String document = document(started, loadBefore, loadAfter, sections, root,
                Files.exists(output) ? Files.readString(output) : "", only.contains("gateway"));
        Path destination = destination(output, logs, loadBefore);
        Files.writeString(destination, document);
        if (!destination.equals(output)) {
            out.println("[bench] NOT written to " + root.relativize(output) + ": the load average at the start ("
                    + loadBefore + ") was above the core count. The figures are in " + root.relativize(destination)
                    + "; run the suite again on a quiet machine.");
            System.exit(3);
        }
        out.println("[bench] wrote " + root.relativize(output));
    }

    /** Figures from a busy machine never land in the documented results; they go beside the run's logs. */
    static Path destination(Path output, Path logs, MachineLoad atStart) {
        return atStart.busy() ? logs.resolve("benchmarks-busy-machine.md") : output;
    }

    static List<ModuleBenchmark> moduleBenchmarks(Env env) {
        String gatewayArgs = env.string("BENCH_GATEWAY_ARGS", "--printers 200 --rates 5000,10000 --idle 15000");
        int stormOrders = env.integer("BENCH_STORM_ORDERS", 50_000);
        return List.of(
                new ModuleBenchmark("gateway ingest (QoS 1, PUBACK after Kafka) against Mosquitto, and idle connections held",
                        List.of("./mvnw", "-B", "-q", "-o", MVN_COMMON, "-Pbench-gateway", "-DskipTests", "-pl",
                                "telemetry-gateway", "verify", "-Dgateway.bench.args=" + gatewayArgs),
                        line -> line.startsWith("|") || line.contains("printers, QoS 1") || line.startsWith("gateway/mosquitto")
                                || line.startsWith("idle gateway") || line.startsWith("idle mosquitto")
                                || line.startsWith("load average"),
                        Duration.ofMinutes(30)),
                new ModuleBenchmark("streams throughput (exactly_once_v2) and report-to-order latency",
                        List.of("./mvnw", "-B", "-o", MVN_COMMON, "-pl", "replenishment-streams", "verify", "-Dtest=NONE",
                                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dit.test=StreamsBenchmark"),
                        line -> line.contains("THROUGHPUT [") || line.contains("LATENCY ["),
                        Duration.ofMinutes(30)),
                new ModuleBenchmark("dispatcher order storm: ingest-only instance (2 and 4 partitions and consumers); backlog charged and shipped with the "
                        + "sandbox at 0 ms and at 300 ms per call; 200 orders/s offered",
                        List.of("bash", "-c", String.join(" && ",
                                storm("-Dstorm.orders=" + (2 * stormOrders), "-Dstorm.ingestOnly=true"),
                                storm("-Dstorm.orders=" + (2 * stormOrders), "-Dstorm.ingestOnly=true",
                                        "-Dstorm.partitions=4", "-Dstorm.consumers=4"),
                                storm("-Dstorm.orders=" + stormOrders, "-Dstorm.latencyMs=0"),
                                storm("-Dstorm.orders=" + stormOrders, "-Dstorm.latencyMs=300"),
                                storm("-Dstorm.orders=4000", "-Dstorm.rate=200", "-Dstorm.latencyMs=0"))),
                        line -> line.contains("STORM result") || line.contains("STORM ingest only")
                                || line.contains("STORM load average at start"),
                        Duration.ofMinutes(60)));
    }

    /** One run of the dispatcher's storm benchmark; each waits for a quiet machine before it measures. */
    private static String storm(String... options) {
        return String.join(" ", "./mvnw -B -o", MVN_COMMON, "-pl order-dispatcher verify -Dit.test=OrderStormBenchmark",
                "-Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false", String.join(" ", options));
    }

    private static String section(ModuleBenchmark.Outcome outcome, Path root) {
        StringBuilder s = new StringBuilder();
        s.append("## ").append(outcome.benchmark().name()).append("\n\n");
        s.append("Command (from the repository root):\n\n```\n").append(outcome.benchmark().commandLine()).append("\n```\n\n");
        s.append("Ran ").append(timestamp(Instant.now().minus(outcome.took()))).append(" for ")
                .append(outcome.took().toSeconds()).append(" s; full output: `").append(root.relativize(outcome.log()))
                .append("` (not committed).\n\n");
        if (!outcome.succeeded()) {
            s.append("**Could not run**: exit code ").append(outcome.exitCode())
                    .append(outcome.figureLines().isEmpty() ? ", no figures printed" : "")
                    .append(". No figure is given for this benchmark.\n\n");
        }
        s.append(figures(outcome.figureLines()));
        return s.toString();
    }

    /** Figure lines as Markdown: tables as tables, other lines kept apart by hard line breaks, or a code block. */
    private static String figures(List<String> lines) {
        StringBuilder s = new StringBuilder();
        if (lines.isEmpty()) {
            return "";
        }
        if (lines.stream().anyMatch(l -> l.startsWith("|"))) {
            boolean inTable = false;
            for (String l : lines) {
                boolean row = l.startsWith("|");
                if (row != inTable) {
                    s.append("\n");
                    inTable = row;
                }
                if (!l.isEmpty()) {
                    s.append(l).append(row ? "\n" : "  \n");
                }
            }
            s.append("\n");
        } else {
            s.append("```\n");
            lines.forEach(l -> s.append(l).append("\n"));
            s.append("```\n\n");
        }
        return s.toString();
    }

    /** The whole chain in this JVM's children: broker and PostgreSQL here, each service a process of its own. */
    private static String chain(PrintStream out) {
        StringBuilder s = new StringBuilder("## chain: the whole chain at rising offered rates (highest sustained rate, "
                + "hop timings)\n\n");
        s.append("Command: `").append(SUITE_COMMAND).append("` with `BENCH_ONLY=chain`, or alone `")
                .append(CHAIN_COMMAND).append("` (class `io.inkflow.stack.bench.ChainBenchmark`; what it measures and ")
                .append("what \"sustained\" means: the introduction of this page).\n\n");
        Instant at = Instant.now();
        try {
            ChainOptions options = ChainOptions.from(System.getenv());
            out.println("[bench] running the whole chain at " + options.rates() + " reports/s");
            ChainBenchmark.Result result = ChainBenchmark.run(options, line -> out.println("[bench] chain: " + line));
            s.append("Ran ").append(timestamp(at)).append(" for ")
                    .append(Duration.between(at, Instant.now()).toSeconds()).append(" s.\n\n");
            s.append(figures(ChainReport.lines(options, result)));
        } catch (Exception e) {
            s.append("**Could not run**: ").append(e).append(". No figure is given.\n\n");
            out.println("[bench] chain FAILED: " + e);
        }
        return s.toString();
    }

    private static String endToEnd(Env env, Path root, PrintStream out) {
        int printers = env.integer("BENCH_E2E_PRINTERS", 50);
        int rate = env.integer("BENCH_E2E_RATE", 200);
        Duration duration = env.duration("BENCH_E2E_SECONDS", ChronoUnit.SECONDS, 60);
        StringBuilder s = new StringBuilder("## end-to-end: printer report to order row\n\n");
        s.append("Command: `").append(SUITE_COMMAND).append("` with `BENCH_ONLY=e2e` (class ")
                .append("`io.inkflow.stack.bench.EndToEndLatencyBenchmark`). The whole local stack in one JVM (KRaft broker, ")
                .append("embedded PostgreSQL, gateway, streams with exactly_once_v2 and a 200 ms commit interval, dispatcher); ")
                .append(printers).append(" printers publish QoS 1 over MQTT at ").append(rate)
                .append(" reports/s in total for ").append(duration.toSeconds())
                .append(" s; every second report takes a toner cartridge to its threshold and makes one order. ")
                .append("Latency = the order row's `ingested_at` minus the instant the triggering report was handed to ")
                .append("the MQTT client.\n\n");
        Instant at = Instant.now();
        out.println("[bench] running end-to-end latency: " + printers + " printers, " + rate + " reports/s, "
                + duration.toSeconds() + " s");
        try {
            EndToEndLatencyBenchmark.Result r = endToEndWithRetries(printers, rate, duration, out);
            s.append("Ran ").append(timestamp(at)).append(", load average at the end ").append(MachineLoad.now())
                    .append(".\n\n");
            s.append("| reports sent | orders expected | orders stored | p50 ms | p90 ms | p99 ms | max ms |\n");
            s.append("|---|---|---|---|---|---|---|\n");
            s.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %.0f | %.0f | %.0f | %.0f |%n%n", r.reportsSent(),
                    r.ordersExpected(), r.ordersFound(), r.p50Millis(), r.p90Millis(), r.p99Millis(), r.maxMillis()));
            if (r.ordersFound() < r.ordersExpected()) {
                s.append("Not every expected order was stored within 3 minutes; percentiles cover the stored ones only.\n\n");
            }
            out.println("[bench] end-to-end p99 " + r.p99Millis() + " ms over " + r.ordersFound() + " orders");
        } catch (Exception e) {
            s.append("**Could not run**: ").append(e).append(". No figure is given.\n\n");
            out.println("[bench] end-to-end FAILED: " + e);
        }
        return s.toString();
    }

    /**
     * The document: this run's header, then every benchmark's latest section (a benchmark left out
     * with {@code BENCH_ONLY} keeps the section, date and figures of its own last run).
     */
    /** The in-process stack picks free ports, which another process may take first: start again. */
    private static EndToEndLatencyBenchmark.Result endToEndWithRetries(int printers, int rate, Duration duration,
                                                                     PrintStream out) throws Exception {
        Exception last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return EndToEndLatencyBenchmark.run(Files.createTempDirectory("inkflow-e2e-bench"), printers, rate,
                        duration);
            } catch (IllegalArgumentException | IllegalStateException e) {
                last = e;
                out.println("[bench] end-to-end start failed (attempt " + attempt + "): " + e.getMessage());
            }
        }
        throw last;
    }

    private static String document(Instant started, MachineLoad loadBefore, MachineLoad loadAfter, Path sectionDir,
                                   Path root, String previousDocument, boolean gatewayRan) throws IOException {
        Map<String, String> sections = new java.util.LinkedHashMap<>();
        for (String key : List.of("gateway", "streams", "dispatcher", "e2e", "chain")) {
            Path section = sectionDir.resolve(key + ".md");
            if (Files.exists(section)) {
                sections.put(key, Files.readString(section));
            } else {
                // not run on this machine's checkout yet: keep what the document said (a fresh clone has no
                // .inkflow/bench, and BENCH_ONLY must not erase the other benchmarks' figures)
                previousSection(previousDocument, key).ifPresent(text -> sections.put(key, text));
            }
        }
        StringBuilder d = new StringBuilder("# Benchmarks\n\n");
        d.append("Written by the benchmark suite; do not edit by hand. Regenerate with\n\n```\n")
                .append(SUITE_COMMAND).append("\n```\n\n");
        d.append(CHAIN_INTRO);
        d.append("- Date of this run: ").append(timestamp(started))
                .append(" (each section gives the date of its own last run)\n");
        d.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
                .append(MachineProcessor.describe()).append("), ")
                .append(memory()).append(", shared with other engineers' builds (load average at the start of the ")
                .append("run: ").append(loadBefore).append("; when this document was written: ").append(loadAfter)
                .append("; the gateway and streams figures give the load during their own runs)\n");
        d.append("- JDK: ").append(System.getProperty("java.vm.name")).append(" ").append(System.getProperty("java.version"))
                .append("\n");
        // Mosquitto matters to the gateway benchmark only: when it did not run, its last run's line stands.
        String mosquitto = "- Mosquitto: " + (Files.isExecutable(Path.of("/usr/sbin/mosquitto"))
                ? "`/usr/sbin/mosquitto` installed, so the gateway benchmark also ran it"
                : "`/usr/sbin/mosquitto` absent: no Mosquitto comparison and no ratio");
        if (!gatewayRan) {
            mosquitto = previousDocument.lines().filter(l -> l.startsWith("- Mosquitto: ")).findFirst()
                    .orElse(mosquitto);
        }
        d.append(mosquitto).append("\n\n");
        d.append("## Summary\n\n").append(Summary.table(sections)).append("\n");
        d.append("Targets from the issues, for reading the figures: gateway at least 10,000 reports/s with PUBACK ")
                .append("after Kafka, PUBACK p99 at most 50 ms at 5,000/s, at least half of Mosquitto's throughput, ")
                .append("at most 10 KiB per idle connection; streams at least 20,000 reports/s and p99 at most ")
                .append("250 ms at 5,000/s; dispatcher at least 10,000 orders/s ingested, at least 1,000 orders/s charged and ")
                .append("shipped with the sandbox at 0 ms and at 300 ms per call, p99 topic to SHIPPED under 5 s at ")
                .append("200 orders/s offered; a dispatcher run whose load average at start was above 2 is not a ")
                .append("result.\n\n");
        sections.values().forEach(d::append);
        d.append("## Per-module benchmark pages\n\n");
        d.append("Each module's engineers record their own runs, settings and analysis of limits:\n\n");
        try (Stream<Path> pages = Files.list(root.resolve("docs/benchmarks"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p ->
                    d.append("- [").append(p.getFileName()).append("](benchmarks/").append(p.getFileName()).append(")")
                            .append(firstHeading(p)).append("\n"));
        }
        return d.toString();
    }

    /** The section of {@code key} in a document this suite wrote: from its heading to the next one. */
    static java.util.Optional<String> previousSection(String document, String key) {
        String heading = "\n## " + ("e2e".equals(key) ? "end-to-end" : key);
        int start = document.indexOf(heading);
        if (start < 0) {
            return java.util.Optional.empty();
        }
        int end = document.indexOf("\n## ", start + 1);
        return java.util.Optional.of(document.substring(start + 1, end < 0 ? document.length() : end + 1));
    }

    private static String firstHeading(Path page) {
        try (Stream<String> lines = Files.lines(page)) {
            return lines.filter(l -> l.startsWith("# ")).findFirst().map(l -> ": " + l.substring(2)).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(instant);
    }

    private static String memory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.0f GB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .orElse("unknown RAM");
        } catch (IOException e) {
            return "unknown RAM";
        }
    }
}
