package io.inkflow.simulator.run;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.LinkFactory;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.mqtt.PahoExecutor;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OracleSettings;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.stats.Percentiles;
import io.inkflow.simulator.stats.ProcessUsage;
import io.inkflow.simulator.stats.RunCounters;
import io.inkflow.simulator.stats.RunStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a recorded trace again, entry by entry, at the recorded pace divided by {@code pace}
 * (0: as fast as possible). Reports are resent until acknowledged; the expected orders are those
 * of the trace's reports, with the enrollment ids of the given fleet.
 */
public final class ReplayEngine {
    private static final Logger log = LoggerFactory.getLogger(ReplayEngine.class);

    private ReplayEngine() {
    }

    public record Result(RunStats stats, List<ExpectedOrder> expectedOrders, ProcessUsage process) {
    }

    /** The orders a trace makes expected for a fleet (its REPORT entries, in trace order), thresholds only. */
    public static List<ExpectedOrder> expectedOrders(Fleet fleet, List<TraceEntry> trace, ModelCatalog catalog) {
        return expectedOrders(fleet, trace, catalog, OracleSettings.thresholdsOnly());
    }

    /** The orders a trace makes expected for a fleet under these streams settings. */
    public static List<ExpectedOrder> expectedOrders(Fleet fleet, List<TraceEntry> trace, ModelCatalog catalog,
                                                     OracleSettings settings) {
        return oracle(fleet, trace, catalog, settings).expectedOrders();
    }

    private static DepletionOracle oracle(Fleet fleet, List<TraceEntry> trace, ModelCatalog catalog,
                                          OracleSettings settings) {
        DepletionOracle oracle = new DepletionOracle(catalog, settings);
        fleet.printers().forEach(p -> oracle.enroll(p.serial(), p.model(), p.enrollmentId()));
        for (TraceEntry entry : trace) {
            if (entry.kind() == TraceEntry.Kind.REPORT) {
                oracle.accept(decode(entry));
            }
        }
        return oracle;
    }

    public static Result replay(Fleet fleet, List<TraceEntry> trace, MqttSettings mqtt, double pace,
                                Duration drainTimeout, ModelCatalog catalog) throws InterruptedException {
        return replay(fleet, trace, mqtt, pace, drainTimeout, catalog, OracleSettings.thresholdsOnly());
    }

    /** @param oracle the streams settings the expected orders are computed with */
    public static Result replay(Fleet fleet, List<TraceEntry> trace, MqttSettings mqtt, double pace,
                                Duration drainTimeout, ModelCatalog catalog, OracleSettings oracle)
            throws InterruptedException {
        List<TraceEntry> ordered = trace.stream().sorted(Comparator.comparingLong(TraceEntry::atMillis)).toList();
        RunCounters counters = new RunCounters();
        PahoExecutor paho = PahoExecutor.create();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        LinkFactory links = new LinkFactory(mqtt, paho);
        Map<String, LinkAgent> agents = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            for (TraceEntry entry : ordered) {
                agents.computeIfAbsent(entry.serial(), serial -> {
                    FleetPrinter printer = fleet.printer(serial).orElseThrow(() ->
                            new IllegalArgumentException("Trace printer " + serial + " is not in the fleet file"));
                    LinkAgent agent = new LinkAgent(printer, links.create(serial), counters, timer);
                    agent.start();
                    return agent;
                });
            }
            log.info("Replaying trace [entries={}, printers={}, pace={}]", ordered.size(), agents.size(), pace);
            long id = 0;
            Instant lastSim = null;
            for (TraceEntry entry : ordered) {
                if (pace > 0) {
                    long due = start + (long) (entry.atMillis() * 1_000_000L / pace);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                boolean report = entry.kind() == TraceEntry.Kind.REPORT;
                if (report) {
                    counters.reportsGenerated.increment();
                }
                agents.get(entry.serial()).publish(new LinkAgent.Item(id++, entry.topic(),
                        entry.payload().getBytes(StandardCharsets.UTF_8), entry.dup(), report, System.nanoTime()));
                lastSim = entry.simTime();
            }
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (agents.values().stream().anyMatch(a -> a.unackedCount() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            int connected = (int) agents.values().stream().filter(LinkAgent::connected).count();
            long unacked = agents.values().stream().mapToLong(LinkAgent::unackedCount).sum();
            RunStats stats = new RunStats(agents.size(), connected, counters.reportsGenerated.sum(),
                    counters.publishes.sum(), counters.reportsAcked.sum(), unacked, counters.errorTotal(),
                    counters.errors(), Map.of(), Percentiles.of(counters.pubackLatency.total()), lastSim,
                    Duration.ofNanos(System.nanoTime() - start), 0, 0);
            DepletionOracle expected = oracle(fleet, ordered, catalog, oracle);
            for (LinkAgent agent : agents.values()) {
                for (LinkAgent.Item item : agent.unackedItems()) {
                    TelemetryReport never = ReportCodec.decode(item.payload());
                    expected.markUncertain(never.serial(), never.bootEpoch(), never.sequence());
                }
            }
            return new Result(stats, expected.expectedOrders(), ProcessUsage.now());
        } finally {
            Shutdowns.inParallel(agents.values().stream().map(a -> (Runnable) a::shutdown).toList(), Duration.ofSeconds(15));
            timer.shutdownNow();
            paho.shutdownNow();
        }
    }

    static TelemetryReport decode(TraceEntry entry) {
        return ReportCodec.decode(entry.payload().getBytes(StandardCharsets.UTF_8));
    }
}
