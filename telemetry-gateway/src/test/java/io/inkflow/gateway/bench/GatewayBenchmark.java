package io.inkflow.gateway.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.TelemetryGateway;
import io.inkflow.schemas.bench.MachineLoad;
import io.inkflow.testkit.KafkaTestBroker;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway load benchmark (issue 3): N printers publish QoS 1 reports at fixed total rates
 * against the gateway with a real in-process Kafka broker, then the same load against Mosquitto
 * where installed; then idle connections are held by a separate process to measure memory per
 * connection. Prints a table; docs/benchmarks/telemetry-gateway.md records the figures and the
 * command.
 *
 * <p>Options: {@code --printers N} (200), {@code --rates r1,r2,..} (5000,10000,15000,20000),
 * {@code --warmup S} (5), {@code --seconds S} (15), {@code --idle N} (10000, 0 to skip),
 * {@code --jit-warmup S} (20: one unmeasured run at the first rate so the JIT has compiled the hot
 * paths of the gateway, the broker and the load client), {@code --no-mosquitto}, {@code --no-gateway} (Mosquitto
 * alone: its figures not taken right after the gateway's run), {@code --generator-process}
 * (the load generator in a JVM of its own rather than the benchmark's, which also holds the gateway and the
 * broker: for finding the servers' saturation rather than the generator's), {@code --io-threads N} (the
 * gateway's {@code GATEWAY_IO_THREADS}, 0 for its default of one per core), {@code --linger-ms N} (the gateway's
 * {@code GATEWAY_KAFKA_LINGER_MS}; its default when absent).
 */
public final class GatewayBenchmark {
    private GatewayBenchmark() {
    }

    record Row(String server, int targetRate, LoadClient.Result result, double serverCpuSeconds) {
        double cpuPerThousand() {
            return result.acked() == 0 ? Double.NaN : serverCpuSeconds / result.acked() * 1000;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int printers = Integer.parseInt(options.getOrDefault("printers", "200"));
        int[] rates = Arrays.stream(options.getOrDefault("rates", "5000,10000,15000,20000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15")));
        int idle = Integer.parseInt(options.getOrDefault("idle", "10000"));
        Duration jitWarmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("jit-warmup", "20")));
        MachineLoad loadBefore = MachineLoad.now();
        System.out.println("load average before: " + loadBefore);
        boolean mosquitto = !options.containsKey("no-mosquitto") && MosquittoBroker.installed();
        boolean gatewayRun = !options.containsKey("no-gateway");
        if (!gatewayRun && !mosquitto) {
            throw new IllegalArgumentException("--no-gateway leaves only Mosquitto, which is "
                    + (MosquittoBroker.installed() ? "left out by --no-mosquitto" : "not installed"));
        }
        boolean generatorProcess = options.containsKey("generator-process");
        String ioThreads = options.getOrDefault("io-threads", "0");

        Path dir = Files.createTempDirectory("gateway-bench");
        List<Row> rows = new ArrayList<>();
        String gatewayIdle = "not run";
        if (gatewayRun) {
            try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
                broker.createInkflowTopics(4);
                Map<String, String> env = new HashMap<>(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                        "GATEWAY_BIND_HOST", "127.0.0.1",
                        "GATEWAY_MQTT_PORT", "0",
                        "GATEWAY_HTTP_PORT", "0",
                        "GATEWAY_AUTH_REQUIRED", "false",
                        "GATEWAY_RATE_LIMIT_PER_SECOND", "1000",
                        "GATEWAY_RATE_LIMIT_BURST", "1000",
                        "GATEWAY_IO_THREADS", ioThreads));
                env.putAll(lingerEnv(options));
                GatewayConfig config = GatewayConfig.fromEnv(env);
                System.out.println("gateway producer linger: " + config.kafkaLinger().toMillis() + " ms");
                try (TelemetryGateway gateway = TelemetryGateway.start(config)) {
                    // Idle first: the heap is still free of what a load run leaves for the collector.
                    gatewayIdle = idle > 0 ? idleGateway(gateway.mqttPort(), idle) : "skipped";
                    rows.addAll(load("gateway", gateway.mqttPort(), printers, rates, warmup, measure, jitWarmup,
                            generatorProcess, GatewayBenchmark::gatewayCpuSeconds));
                }
            }
        }
        String mosquittoIdle = MosquittoBroker.installed() ? "not run" : "not installed";
        if (mosquitto) {
            try (MosquittoBroker broker = MosquittoBroker.start(dir)) {
                mosquittoIdle = idle > 0 ? idleMosquitto(broker, idle) : "skipped";
                rows.addAll(load("mosquitto", broker.port, printers, rates, warmup, measure, jitWarmup,
                        generatorProcess, broker::cpuSeconds));
            }
        }
        MachineLoad loadAfter = MachineLoad.now();
        print(printers, warmup, measure, generatorProcess, ioThreads, rows, gatewayIdle, mosquittoIdle);
        System.out.println("load average before: " + loadBefore + "; after: " + loadAfter);
    }

    interface CpuClock {
        double seconds() throws Exception;
    }

    private static LoadGenerator generator(int port, int printers, boolean ownProcess) throws Exception {
        return ownProcess ? LoadProcess.start(port, printers) : LoadClient.benchFleet("127.0.0.1", port, printers);
    }

    private static List<Row> load(String server, int port, int printers, int[] rates, Duration warmup,
                                  Duration measure, Duration jitWarmup, boolean generatorProcess, CpuClock cpu)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        try (LoadGenerator client = generator(port, printers, generatorProcess)) {
            if (!jitWarmup.isZero()) {
                client.run(rates[0], jitWarmup, Duration.ZERO);
                Thread.sleep(2_000);
            }
            for (int rate : rates) {
                double cpuBefore = cpu.seconds();
                LoadClient.Result result = client.run(rate, warmup, measure);
                // CPU over warm-up and measurement, charged to the measured reports only: a slight overestimate.
                double cpuSeconds = (cpu.seconds() - cpuBefore) * measure.toNanos() / (warmup.plus(measure)).toNanos();
                rows.add(new Row(server, rate, result, cpuSeconds));
                System.err.printf(Locale.ROOT, "%s rate=%d achieved=%.0f/s p99=%.1fms%n", server, rate,
                        result.reportsPerSecond(), result.latency().getValueAtPercentile(99) / 1000.0);
                Thread.sleep(2_000);
            }
        }
        return rows;
    }

    /** CPU of the gateway's own threads: its Netty event loops and its Kafka producer's sender. */
    private static double gatewayCpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (name.startsWith("multiThreadIoEventLoopGroup") || name.contains("| telemetry-gateway")
                    || name.startsWith("gateway-")) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    private static String idleGateway(int port, int count) throws Exception {
        long before = settledHeapAndDirect();
        ClassHistogram classesBefore = ClassHistogram.take();
        try (IdleProcess clients = IdleProcess.start(port, count)) {
            long after = settledHeapAndDirect();
            // What the connections are made of, for whoever wants the figure smaller.
            classesBefore.growthTo(ClassHistogram.take(), clients.connected, 60).forEach(System.err::println);
            return String.format(Locale.ROOT, "%d connections held; heap+direct %+.1f MiB = %.0f bytes/connection"
                            + " (compact object headers %s)", clients.connected, (after - before) / 1048576.0,
                    (after - before) / (double) clients.connected, compactObjectHeaders());
        }
    }

    private static String idleMosquitto(MosquittoBroker broker, int count) throws Exception {
        long before = broker.rssBytes();
        try (IdleProcess clients = IdleProcess.start(broker.port, count)) {
            long after = broker.rssBytes();
            return String.format(Locale.ROOT, "%d connections held; RSS %+.1f MiB = %.0f bytes/connection",
                    clients.connected, (after - before) / 1048576.0, (after - before) / (double) clients.connected);
        }
    }

    /** JDK 25's -XX:+UseCompactObjectHeaders (8-byte object headers) changes every figure of the idle run. */
    private static String compactObjectHeaders() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseCompactObjectHeaders").getValue().equals("true") ? "on" : "off";
        } catch (IllegalArgumentException e) {
            return "not in this JDK";
        }
    }

    private static long settledHeapAndDirect() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory() + PlatformDependent.usedDirectMemory();
    }

    /** The idle clients in their own JVM, holding their connections until closed. */
    private static final class IdleProcess implements AutoCloseable {
        private final Process process;
        private final int connected;

        private IdleProcess(Process process, int connected) {
            this.process = process;
            this.connected = connected;
        }

        static IdleProcess start(int port, int count) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    IdleClients.class.getName(), "127.0.0.1", String.valueOf(port), String.valueOf(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("CONNECTED ")) {
                // skip anything else the child prints
            }
            if (line == null) {
                throw new IllegalStateException("idle client process ended early");
            }
            Thread.sleep(2_000);
            return new IdleProcess(process, Integer.parseInt(line.substring("CONNECTED ".length()).trim()));
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void print(int printers, Duration warmup, Duration measure, boolean generatorProcess,
                              String ioThreads, List<Row> rows, String gatewayIdle, String mosquittoIdle) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "%n%d printers, QoS 1, warm-up %ds, measured %ds per rate, load generator %s, gateway I/O threads %s%n",
                printers, warmup.toSeconds(), measure.toSeconds(),
                generatorProcess ? "in a JVM of its own" : "in the benchmark's JVM",
                ioThreads.equals("0") ? "one per core (default)" : ioThreads));
        out.append("| server | target/s | sent/s | acked/s | p50 ms | p99 ms | p99.9 ms | max ms | CPU s per 1000 |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            var h = row.result().latency();
            out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.3f |%n",
                    row.server(), row.targetRate(), row.result().sentPerSecond(), row.result().reportsPerSecond(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, row.cpuPerThousand()));
        }
        Map<Integer, Double> mosquittoRates = new HashMap<>();
        rows.stream().filter(r -> r.server().equals("mosquitto"))
                .forEach(r -> mosquittoRates.put(r.targetRate(), r.result().reportsPerSecond()));
        for (Row row : rows) {
            Double reference = mosquittoRates.get(row.targetRate());
            if (row.server().equals("gateway") && reference != null && reference > 0) {
                out.append(String.format(Locale.ROOT, "gateway/mosquitto throughput at %d/s: %.2f%n",
                        row.targetRate(), row.result().reportsPerSecond() / reference));
            }
        }
        out.append("idle gateway: ").append(gatewayIdle).append('\n');
        out.append("idle mosquitto: ").append(mosquittoIdle).append('\n');
        System.out.print(out);
    }

    /** {@code --key value} pairs, and {@code --flag} alone as "true"; other words are skipped. */
    /** {@code --linger-ms} as the gateway's variable, or nothing for its default. */
    static Map<String, String> lingerEnv(Map<String, String> options) {
        return options.containsKey("linger-ms") ? Map.of("GATEWAY_KAFKA_LINGER_MS", options.get("linger-ms")) : Map.of();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                options.put(key, hasValue ? args[++i] : "true");
            }
        }
        return options;
    }
}
