package io.inkflow.stack.bench;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.bench.MachineLoad;
import io.inkflow.schemas.bench.MachineProcessor;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.run.BenchEngine;
import io.inkflow.simulator.stats.Percentiles;
import io.inkflow.stack.chaos.ChaosConfig;
import io.inkflow.stack.chaos.ChaosStack;
import io.inkflow.stack.chaos.CheckResult;
import io.inkflow.stack.chaos.LocalDirs;
import io.inkflow.stack.chaos.Service;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.stack.chaos.SystemReader;
import io.inkflow.stack.chaos.TopicTail;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The whole chain at rising offered rates (issue 14): a KRaft broker and PostgreSQL in this JVM, the gateway,
 * streams application and dispatcher each in a JVM of its own with production configuration, and the
 * simulator's open-loop {@link BenchEngine} as the fleet. Per rate it measures what got through and how long
 * each hop took (see {@link RateStep} for "sustained", {@link HopTimings} for the hops), and at the end checks
 * that the telemetry topic holds exactly the acknowledged reports and the {@code orders} table exactly the
 * orders the oracle expects.
 *
 * <p>A command-line entry point ({@code main}); the benchmark suite runs it as its {@code chain} section.
 */
public final class ChainBenchmark implements AutoCloseable {
    private static final String STREAMS_GROUP = "inkflow-replenishment";
    private static final long SEED = 14;
    /** The longest wait for every printer to connect at the start of a step. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final double CONNECT_RATE = 200;
    private static final int SLOWEST_SHOWN = 5;
    private static final Duration LATENCY_WINDOW = Duration.ofSeconds(10);
    /** Always with seconds: {@link LocalTime#toString} leaves them out on a whole minute. */
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * One rate step's figures.
     *
     * @param slowest the step's slowest reports, hop by hop, slowest first
     * @param cpu     the cores each process used while the fleet published (empty if it was too short to tell)
     * @param kafkaRequests requests per second each Kafka client sent the broker meanwhile ({@link KafkaRequests})
     * @param gcPauses      one line per service process: its collector's pauses meanwhile ({@link GcPauses})
     * @param details       what PostgreSQL did per order of the step ({@link PostgresWork#lines}), then the
     *                      autovacuums, checkpoints and statements of 100 ms or more its log shows while the fleet
     *                      published ({@link PostgresMaintenance}), and how long the disk took to flush a
     *                      small write meanwhile ({@link DiskFlushes}), how many threads waited for a core
     *                      ({@link RunQueueWait}), the records the Kafka producers sent again
     *                      ({@link KafkaRequests#retriesLine}) and the time they held their threads in
     *                      transactions ({@link KafkaRequests#transactionsLine}), and the streams lag second by
     *                      second around its peak ({@link LagAroundPeak}): the step's lines beside the table
     * @param fulfilment    how the dispatcher's charging and shipping kept up with the orders stored
     */
    record StepResult(RateStep step, double ordersPerSecond, Percentiles puback, HopTimings hops,
                      List<String> slowest, Optional<ProcessCpu.Usage> cpu, Optional<Map<String, Double>> kafkaRequests,
                      List<String> gcPauses, List<String> details, Fulfilment fulfilment) {
    }

    /**
     * Fulfilment is not part of "sustained" (issue 14 measures report to order), but an order stored faster than it
     * can be charged and shipped is a backlog that grows: the orders fulfilled per second while the fleet published,
     * and the orders still waiting to be charged or shipped once the step's orders were all stored.
     *
     * @param fulfilledPerSecond orders shipped or forwarded to the partner channel per second while the fleet published
     */
    record Fulfilment(double fulfilledPerSecond, long awaiting) {
    }

    /**
     * @param gcPauses  one line per service process: its collector's pauses over the whole run
     * @param processor the machine's processor ({@link MachineProcessor}): figures compare only on the same one
     */
    record Result(List<StepResult> steps, List<CheckResult> checks, MachineLoad before, MachineLoad after,
                  List<String> gcPauses, String processor) {
    }

    private final ChainOptions options;
    private final ChaosStack stack;
    private final Fleet fleet;
    private final ChainReports reports;
    private final ConsumerLag lag;
    private final TopicTail telemetry;
    private final OrderVisibility visibility;
    private final ProcessCpu processCpu;
    private final KafkaRequests kafkaRequests;
    private final DiskFlushes diskFlushes;
    private long acknowledged;
    private long unacknowledged;
    private long telemetryRecords;

    public static void main(String[] args) throws Exception {
        ChainOptions options = ChainOptions.from(System.getenv(), args);
        Result result = run(options, line -> System.out.println("[chain] " + line));
        ChainReport.lines(options, result).forEach(System.out::println);
        System.exit(result.checks().stream().allMatch(CheckResult::passed) ? 0 : 1);
    }

    static Result run(ChainOptions options, Consumer<String> progress) throws Exception {
        MachineLoad before = MachineLoad.now();
        String processor = MachineProcessor.describe();
        progress.accept("load average before: " + before + (before.busy() ? " (busy: the figures are not a result)" : "")
                + "; processor: " + processor);
        LocalDirs.clean(options.runDir());
        ChaosConfig stackConfig = ChaosConfig.fromEnv(Map.of("CHAOS_RUN_DIR", options.runDir().toString(),
                "CHAOS_PARTITIONS", String.valueOf(options.partitions()), "CHAOS_PAYMENT_FAULT_RATE", "0",
                "CHAOS_KAFKA_NODES", "1", "CHAOS_LEADER_KILLS", "0", "CHAOS_CONTROLLER_KILLS", "0"));
        progress.accept("starting Kafka, PostgreSQL, and the dispatcher, streams and gateway processes in "
                + options.runDir().toAbsolutePath());
        Map<Service, Map<String, String>> production = Map.of(Service.STREAMS,
                Map.of("STREAMS_COMMIT_INTERVAL_MS", String.valueOf(options.streamsCommitInterval().toMillis()),
                        "STREAMS_NUM_THREADS", String.valueOf(options.streamsThreads())),
                Service.GATEWAY, options.gatewayLinger()
                        .map(linger -> Map.of("GATEWAY_KAFKA_LINGER_MS", String.valueOf(linger.toMillis())))
                        .orElse(Map.of()));
        try (ChaosStack stack = ChaosStack.start(stackConfig, logback -> jvmOptions(options, logback), production)) {
            Admin admin = stack.kafka().admin();
            appendTimestamps(admin);
            PostgresWork.enable(stack.postgres());
            progress.accept("PostgreSQL autovacuum_vacuum_cost_delay: "
                    + PostgresMaintenance.setAutovacuumDelay(stack.postgres(), options.autovacuumDelay()));
            progress.accept("stack up; enrolling " + options.printers() + " printers through the API");
            Fleet fleet = FleetProvisioner.provision(ProvisionOptions.of(URI.create(stack.apiBaseUrl()),
                    stack.adminToken(), options.printers(), SEED));
            new SystemReader(stack.bootstrapServers(), stack.postgres()).awaitKeys(Topics.CREDENTIALS,
                    fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet()), Duration.ofMinutes(2));
            DepletionOracle oracle = new DepletionOracle(ModelCatalog.bundled());
            fleet.printers().forEach(p -> oracle.enroll(p.serial(), p.model(), p.enrollmentId()));
            List<StepResult> steps = new ArrayList<>();
            try (ChainBenchmark chain = new ChainBenchmark(options, stack, admin, fleet, oracle)) {
                if (!options.warmup().isZero()) {
                    int rate = options.rates().getFirst();
                    progress.accept("warming up at " + rate + " reports/s for " + options.warmup().toSeconds()
                            + " s (not measured)");
                    chain.step(rate, options.warmup());
                }
                for (int rate : options.rates()) {
                    // The wall-clock start lets a step's "+N s" offsets be matched with the services' own logs.
                    progress.accept("offering " + rate + " reports/s for " + options.stepDuration().toSeconds()
                            + " s from " + CLOCK_TIME.format(LocalTime.now(ZoneOffset.UTC)) + " UTC");
                    StepResult step = chain.step(rate, options.stepDuration());
                    steps.add(step);
                    progress.accept(ChainReport.stepLine(step));
                    progress.accept(ChainReport.windowLine(step));
                    step.slowest().forEach(line -> progress.accept("slowest: " + line));
                    progress.accept(ChainReport.cpuLine(step));
                    progress.accept(ChainReport.kafkaRequestsLine(step));
                    step.gcPauses().forEach(progress);
                    step.details().forEach(progress);
                    progress.accept(ChainReport.fulfilmentLine(step));
                }
                List<CheckResult> checks = List.of(
                        ChainReport.telemetryCheck(chain.acknowledged, chain.unacknowledged, chain.telemetryRecords),
                        ChainReport.ordersCheck(oracle.expectedOrders().size(), OrderRows.count(stack.postgres())));
                checks.forEach(c -> progress.accept(c.describe().strip()));
                MachineLoad after = MachineLoad.now();
                progress.accept("load average after: " + after);
                List<String> gcPauses = GcPauses.summarize(options.runDir().resolve("logs"));
                gcPauses.forEach(progress);
                return new Result(steps, checks, before, after, gcPauses, processor);
            }
        }
    }

    private ChainBenchmark(ChainOptions options, ChaosStack stack, Admin admin, Fleet fleet, DepletionOracle oracle)
            throws ExecutionException, InterruptedException, IOException {
        this.options = options;
        this.stack = stack;
        this.fleet = fleet;
        this.reports = new ChainReports(options.orderEvery(), oracle, Clock.systemUTC());
        this.lag = new ConsumerLag(admin, STREAMS_GROUP, Topics.TELEMETRY);
        this.telemetry = new TopicTail(stack.bootstrapServers(), Topics.TELEMETRY);
        this.visibility = new OrderVisibility(stack.bootstrapServers());
        this.processCpu = new ProcessCpu(stack::processIds);
        this.kafkaRequests = new KafkaRequests(
                Map.of(Service.GATEWAY.label(), stack.metricsUri(Service.GATEWAY),
                        Service.STREAMS.label(), stack.metricsUri(Service.STREAMS),
                        Service.DISPATCHER.label(), stack.metricsUri(Service.DISPATCHER)),
                Map.of("order-visibility", visibility::clientMetrics, "admin", admin::metrics));
        this.diskFlushes = DiskFlushes.start(options.runDir().resolve("disk-flushes.probe"));
    }

    /** Offers {@code rate} for {@code duration}, waits for the chain to settle, and measures what happened. */
    private StepResult step(int rate, Duration duration) throws Exception {
        Instant stepStart = Instant.now();
        List<LagAroundPeak.Sample> samples = new ArrayList<>();
        List<ProcessCpu.Sample> cpuSamples = new ArrayList<>();
        List<KafkaRequests.Sample> requestSamples = new ArrayList<>();
        List<RunQueueWait.Sample> queueSamples = new ArrayList<>();
        PostgresWork.Snapshot postgresBefore = PostgresWork.take(stack.postgres());
        BenchEngine.Result bench = sampled(lag, samples, processCpu, cpuSamples, queueSamples, kafkaRequests,
                requestSamples, () -> BenchEngine.run(fleet,
                new BenchEngine.BenchOptions(MqttSettings.plain("127.0.0.1", stack.mqttPort()), rate,
                        options.printers(), duration, CONNECT_WAIT, CONNECT_RATE, DRAIN, options.client()),
                ModelCatalog.bundled(), null, reports));
        ChainReports.Step published = reports.endStep();
        acknowledged += bench.stats().reportsAcked();
        unacknowledged += bench.stats().pendingReports();
        Map<String, OrderRows.Stored> stored = settle(stack.postgres(), lag, published, stepStart, options.settleTimeout());
        long awaitingFulfilment = OrderRows.awaitingFulfilment(stack.postgres());
        List<String> postgresWork = PostgresWork.lines(rate,
                PostgresWork.between(postgresBefore, PostgresWork.take(stack.postgres()), stored.size()));
        Map<String, Instant> telemetryAppended = new HashMap<>();
        telemetry.readToEnd(record -> {
            telemetryRecords++;
            appendTime(record, "sequence", published.orderingReports().keySet(), telemetryAppended);
        });
        return measure(rate, bench, samples, cpuSamples, queueSamples, requestSamples, published, stored,
                telemetryAppended, stack.postgres(), postgresWork, awaitingFulfilment);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        diskFlushes.close();
        kafkaRequests.close();
        visibility.close();
        telemetry.close();
    }

    /** The services' JVM options; with profiling on, each records a flight recording, named by its process id. */
    private static List<String> jvmOptions(ChainOptions options, Path logback) {
        List<String> jvm = new ArrayList<>(ServiceEnv.benchJvmOptions(logback));
        if (options.profile()) {
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + options.runDir().toAbsolutePath().resolve("logs/service-%p.jfr"));
        }
        return jvm;
    }

    /** Broker append times on both topics, so each record's timestamp says when it reached Kafka. */
    private static void appendTimestamps(Admin admin) throws ExecutionException, InterruptedException {
        AlterConfigOp appendTime = new AlterConfigOp(new ConfigEntry("message.timestamp.type", "LogAppendTime"),
                AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, Topics.TELEMETRY), List.of(appendTime),
                new ConfigResource(ConfigResource.Type.TOPIC, Topics.ORDERS), List.of(appendTime))).all().get();
    }

    @FunctionalInterface
    private interface BenchRun {
        BenchEngine.Result run() throws InterruptedException;
    }

    /**
     * Runs the step while sampling, once a second, the streams group's position (its lag), the
     * CPU time of the chain's processes and the machine's run-queue wait, and every 10 s the Kafka clients'
     * requests (not more often: a scrape of the streams' metrics costs it a few milliseconds of CPU).
     */
    private static BenchEngine.Result sampled(ConsumerLag lag, List<LagAroundPeak.Sample> samples, ProcessCpu cpu,
                                              List<ProcessCpu.Sample> cpuSamples,
                                              List<RunQueueWait.Sample> queueSamples, KafkaRequests requests,
                                              List<KafkaRequests.Sample> requestSamples, BenchRun run)
            throws InterruptedException {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            try {
                KafkaRequests.Sample sample = requests.sample();
                synchronized (requestSamples) {
                    requestSamples.add(sample);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 10, TimeUnit.SECONDS);
        sampler.scheduleAtFixedRate(() -> {
            Map<String, List<ProcessHandle>> trees = null;
            try {
                trees = cpu.trees();
                ProcessCpu.Sample used = ProcessCpu.sample(trees);
                synchronized (cpuSamples) {
                    cpuSamples.add(used);
                }
            } catch (RuntimeException e) {
                // a process between pid file and start, or /proc unreadable: a missed sample, as below
            }
            try {
                if (trees != null) {
                    RunQueueWait.Sample waited = RunQueueWait.sample(trees);
                    synchronized (queueSamples) {
                        queueSamples.add(waited);
                    }
                }
            } catch (RuntimeException e) {
                // as above: a missed sample
            }
            try {
                ConsumerLag.Position position = lag.position();
                synchronized (samples) {
                    samples.add(new LagAroundPeak.Sample(System.currentTimeMillis(), position));
                }
            } catch (ExecutionException | InterruptedException e) {
                // a missed sample; the next one comes in a second
            }
        }, 0, 1, TimeUnit.SECONDS);
        try {
            return run.run();
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Waits until streams caught up and every order of the step is stored; returns the step's stored ones. */
    private static Map<String, OrderRows.Stored> settle(PostgresServer postgres, ConsumerLag lag, ChainReports.Step step,
                                               Instant since, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Map<String, OrderRows.Stored> stored = OrderRows.since(postgres, since);
            stored.keySet().retainAll(step.orderingReports().keySet());
            boolean done = stored.size() == step.orderingReports().size() && lag.records() == 0;
            if (done || System.nanoTime() > deadline) {
                return stored;
            }
            Thread.sleep(500);
        }
    }

    private StepResult measure(int rate, BenchEngine.Result bench, List<LagAroundPeak.Sample> samples,
                               List<ProcessCpu.Sample> cpuSamples, List<RunQueueWait.Sample> queueSamples,
                               List<KafkaRequests.Sample> requestSamples,
                               ChainReports.Step published, Map<String, OrderRows.Stored> stored,
                                      Map<String, Instant> telemetryAppended,
                                      PostgresServer postgres, List<String> postgresWork, long awaitingFulfilment)
            throws SQLException {
        long from = published.firstPublish() == null ? 0 : published.firstPublish().toEpochMilli();
        long to = published.lastPublish() == null ? 0 : published.lastPublish().toEpochMilli();
        List<Long> lagWhilePublishing = samples.stream()
                .filter(s -> s.epochMillis() >= from && s.epochMillis() <= to + 500)
                .map(s -> s.position().lag()).toList();
        HopTimings hops = new HopTimings(Instant.ofEpochMilli(from), LATENCY_WINDOW);
        stored.forEach((key, row) -> hops.add(new HopTimings.Way(published.orderingReports().get(key),
                telemetryAppended.get(key), visibility.appendedAt(key), visibility.visibleAt(key), row.ingested(),
                row.committed())));
        long ingestedWhilePublishing = OrderRows.since(postgres, Instant.ofEpochMilli(from)).values().stream()
                .filter(row -> row.ingested().toEpochMilli() <= to).count();
        double seconds = Math.max(1, to - from) / 1000.0;
        long fulfilled = OrderRows.fulfilledBetween(postgres, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
        RateStep step = new RateStep(rate, bench.achievedRate(), lagWhilePublishing,
                published.orderingReports().size(), stored.size(), hops.reportToOrder().p99Millis());
        List<String> slowest = hops.slowest(SLOWEST_SHOWN).stream()
                .map(way -> way.describe(published.firstPublish())).toList();
        Optional<ProcessCpu.Usage> cpu;
        synchronized (cpuSamples) {
            cpu = ProcessCpu.Usage.within(cpuSamples, from, to, Runtime.getRuntime().availableProcessors());
        }
        String whilePublishing = "while publishing at " + rate + "/s";
        Optional<Map<String, Double>> requests;
        String retries;
        String transactions;
        synchronized (requestSamples) {
            requests = KafkaRequests.ratesWithin(requestSamples, from, to);
            retries = KafkaRequests.retriesLine(requestSamples, from, to, whilePublishing);
            transactions = KafkaRequests.transactionsLine(requestSamples, from, to, whilePublishing);
        }
        List<String> pauses = GcPauses.summarizeWithin(options.runDir().resolve("logs"), Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to), whilePublishing);
        List<String> details = new ArrayList<>(postgresWork);
        details.add(PostgresMaintenance.within(options.runDir().resolve("logs").resolve("postgres.log"),
                Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), whilePublishing));
        details.add(DiskFlushes.within(diskFlushes.flushes(), Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to), whilePublishing));
        synchronized (queueSamples) {
            details.add(RunQueueWait.within(queueSamples, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to),
                    whilePublishing));
        }
        details.add(retries);
        details.add(transactions);
        details.add(LagAroundPeak.within(samples, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to + 500),
                whilePublishing));
        return new StepResult(step, ingestedWhilePublishing / seconds, bench.stats().puback(), hops, slowest, cpu,
                requests, pauses, details, new Fulfilment(fulfilled / seconds, awaitingFulfilment));
    }

    /** The append time of a record whose report is one of {@code keys}, by key. */
    private static void appendTime(ConsumerRecord<byte[], byte[]> record, String sequenceField, Set<String> keys,
                                   Map<String, Instant> into) {
        String key = ChainReports.key(record.value(), sequenceField);
        if (key != null && keys.contains(key)) {
            into.put(key, Instant.ofEpochMilli(record.timestamp()));
        }
    }
}
