package io.inkflow.simulator.run;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.mqtt.LinkFactory;
import io.inkflow.simulator.mqtt.MqttClient;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.mqtt.NettyLoops;
import io.inkflow.simulator.mqtt.PahoExecutor;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.stats.Percentiles;
import io.inkflow.simulator.stats.ProcessUsage;
import io.inkflow.simulator.stats.RunCounters;
import io.inkflow.simulator.stats.RunStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open-loop load generator: publishes at a fixed total rate across the printers, whatever the
 * gateway's speed, and measures each PUBACK from the moment the publish was scheduled. By default reports
 * repeat each printer's initial levels (well above every threshold), so a bench never orders; a
 * {@link ReportSource} can make them deplete cartridges instead.
 */
public final class BenchEngine {
    private static final Logger log = LoggerFactory.getLogger(BenchEngine.class);
    /**
     * The publishing thread sleeps at least this long between rounds and then sends every slot that fell due
     * meanwhile, each still timed from its own scheduled instant. Waking for every slot (every 111 µs at 9,000/s)
     * cost the generator a sleep and a wake-up of its own and of the event loop per report, on the cores it shares
     * with what it measures. At 0.5 ms it took 0.036 ms of CPU per report at 9,000/s against 0.066 to 0.074 (see
     * docs/benchmarks/printer-simulator.md); a slot waits at most this long for its round, and that wait counts in
     * its latency.
     */
    private static final long MIN_SLEEP_NANOS = 500_000L;

    private BenchEngine() {
    }

    /**
     * @param rate     reports per second across the fleet
     * @param printers how many printers of the fleet connect (the first N)
     * @param warmup   time for connecting before the measured period starts
     * @param client   the printers' MQTT client library
     */
    public record BenchOptions(MqttSettings mqtt, double rate, int printers, Duration duration, Duration warmup,
                               double connectRate, Duration drainTimeout, MqttClient client) {
        public BenchOptions {
            if (rate <= 0 || printers < 1 || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("rate, printers and duration must be positive");
            }
        }
    }

    /** @param missed scheduled publishes skipped because their printer was not connected */
    public record Result(RunStats stats, double targetRate, double achievedRate, long missed, ProcessUsage process) {
    }

    /**
     * What each scheduled publish carries. The default repeats the printer's initial levels; a whole-chain
     * benchmark gives its own, so that some reports deplete a cartridge and make orders.
     */
    @FunctionalInterface
    public interface ReportSource {
        /** The next report of {@code printer}, called from the single publishing thread just before the publish. */
        TelemetryReport next(VirtualPrinter printer);
    }

    public static Result run(Fleet fleet, BenchOptions options, ModelCatalog catalog, Consumer<RunStats> progress)
            throws InterruptedException {
        Instant now = Clock.systemUTC().instant();
        return run(fleet, options, catalog, progress, printer -> printer.nextReport(now, Clock.systemUTC().instant()));
    }

    public static Result run(Fleet fleet, BenchOptions options, ModelCatalog catalog, Consumer<RunStats> progress,
                             ReportSource reports) throws InterruptedException {
        if (options.printers() > fleet.size()) {
            throw new IllegalArgumentException("The fleet has " + fleet.size() + " printers, bench wants "
                    + options.printers());
        }
        RunCounters counters = new RunCounters();
        PahoExecutor paho = PahoExecutor.create();
        NettyLoops loops = options.client() == MqttClient.NETTY ? new NettyLoops() : null;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        LinkFactory links = loops != null ? LinkFactory.netty(options.mqtt(), loops)
                : new LinkFactory(options.mqtt(), paho);
        List<LinkAgent> agents = new ArrayList<>();
        List<VirtualPrinter> models = new ArrayList<>();
        Instant now = Clock.systemUTC().instant();
        long begin = System.nanoTime();
        try {
            long connectGapNanos = (long) (1e9 / options.connectRate());
            for (FleetPrinter printer : fleet.printers().subList(0, options.printers())) {
                CatalogEntry model = catalog.find(printer.model()).orElseThrow();
                models.add(new VirtualPrinter(fleet.seed(), printer, model, FleetOptions.defaults(), now));
                LinkAgent agent = new LinkAgent(printer, links.create(printer.serial()), counters, timer);
                agents.add(agent);
                agent.start();
                LockSupport.parkNanos(connectGapNanos);
            }
            long warmupEnd = System.nanoTime() + options.warmup().toNanos();
            while (System.nanoTime() < warmupEnd && agents.stream().anyMatch(a -> !a.connected())) {
                Thread.sleep(100);
            }
            log.info("Bench starting [rate={}, printers={}, connected={}, duration={}]", options.rate(),
                    agents.size(), agents.stream().filter(LinkAgent::connected).count(), options.duration());
            counters.pubackLatency.total(); // discard connect-phase samples (there are none, but be explicit)
            RunCounters measured = counters;
            long start = System.nanoTime();
            long intervalNanos = (long) (1e9 / options.rate());
            long end = start + options.duration().toNanos();
            long next = start;
            long missed = 0;
            long sent = 0;
            long lastProgress = start;
            int cursor = 0;
            while (next < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.max(wait, MIN_SLEEP_NANOS));
                }
                // Catch up on every slot that is due: open loop never skips time, only printers.
                while (next <= System.nanoTime() && next < end) {
                    int index = cursor++ % agents.size();
                    LinkAgent agent = agents.get(index);
                    if (agent.connected()) {
                        VirtualPrinter model = models.get(index);
                        byte[] payload;
                        synchronized (model) {
                            payload = ReportCodec.encode(reports.next(model));
                        }
                        measured.reportsGenerated.increment();
                        agent.publish(new LinkAgent.Item(sent++, ReportCodec.topic(model.printer().serial()),
                                payload, false, true, next));
                    } else {
                        missed++;
                    }
                    next += intervalNanos;
                }
                if (progress != null && System.nanoTime() - lastProgress > 2_000_000_000L) {
                    lastProgress = System.nanoTime();
                    progress.accept(snapshot(agents, measured, begin, now));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long drainEnd = System.nanoTime() + options.drainTimeout().toNanos();
            while (agents.stream().anyMatch(a -> a.unackedCount() > 0) && System.nanoTime() < drainEnd) {
                Thread.sleep(50);
            }
            RunStats stats = snapshot(agents, measured, begin, now);
            return new Result(stats, options.rate(), measured.reportsAcked.sum() / seconds, missed, ProcessUsage.now());
        } finally {
            Shutdowns.inParallel(agents.stream().map(a -> (Runnable) a::shutdown).toList(), Duration.ofSeconds(15));
            timer.shutdownNow();
            paho.shutdownNow();
            if (loops != null) {
                loops.close();
            }
        }
    }

    private static RunStats snapshot(List<LinkAgent> agents, RunCounters counters, long begin, Instant simNow) {
        int connected = (int) agents.stream().filter(LinkAgent::connected).count();
        long unacked = agents.stream().mapToLong(LinkAgent::unackedCount).sum();
        return new RunStats(agents.size(), connected, counters.reportsGenerated.sum(), counters.publishes.sum(),
                counters.reportsAcked.sum(), unacked, counters.errorTotal(), counters.errors(), Map.of(),
                Percentiles.of(counters.pubackLatency.total()), simNow, Duration.ofNanos(System.nanoTime() - begin),
                0, 0);
    }
}
