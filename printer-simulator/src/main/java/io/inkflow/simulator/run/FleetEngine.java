package io.inkflow.simulator.run;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.Seeds;
import io.inkflow.simulator.fleet.SimulatedClock;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.mqtt.BoundSocketFactory;
import io.inkflow.simulator.mqtt.LinkFactory;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.mqtt.PahoExecutor;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.report.TraceWriter;
import io.inkflow.simulator.stats.Percentiles;
import io.inkflow.simulator.stats.ProcessUsage;
import io.inkflow.simulator.stats.RunCounters;
import io.inkflow.simulator.stats.RunStats;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fleet: one platform thread ticks every printer agent; Paho's work runs on the shared
 * {@link PahoExecutor}; blocking link operations on virtual threads. At the end (simulated or real
 * duration reached, or {@link #stop()}), it stops generating reports and keeps resending the
 * unacknowledged ones for up to the drain timeout.
 */
public final class FleetEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetEngine.class);

    enum Phase { RUNNING, DRAINING, DONE, CLOSED }

    private final Fleet fleet;
    private final RunOptions options;
    private final SimulatedClock simClock;
    private final PahoExecutor paho;
    private final ExecutorService tasks;
    private final ScheduledExecutorService ticker;
    private final List<PrinterAgent> agents = new ArrayList<>();
    private final List<VirtualPrinter> printers = new ArrayList<>();
    private final RunCounters counters = new RunCounters();
    private final DepletionOracle oracle;
    private final Optional<TraceWriter> trace;
    private final ConnectBudget budget;
    private final SplittableRandom stormRandom;
    private final Optional<Instant> simEnd;
    private final long realStartNanos = System.nanoTime();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Phase phase = Phase.RUNNING;
    private volatile Instant lastSimNow;
    private long drainStartNanos;
    private long lastTickNanos = realStartNanos;
    private RunStats finalStats;
    private ProcessUsage usageAtEnd;

    private FleetEngine(Fleet fleet, RunOptions options, ModelCatalog catalog) {
        this.fleet = fleet;
        this.options = options;
        this.simClock = new SimulatedClock(options.clock(), options.simStart(), options.speed());
        this.lastSimNow = options.simStart();
        this.simEnd = options.simDuration().map(options.simStart()::plus);
        this.oracle = new DepletionOracle(catalog, options.oracle());
        this.trace = options.trace().map(TraceWriter::new);
        this.budget = new ConnectBudget(options.connectRate());
        this.stormRandom = Seeds.stream(fleet.seed(), "storms");
        this.paho = PahoExecutor.create();
        this.tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sim-task-", 0).factory());
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-tick");
            thread.setDaemon(true);
            return thread;
        });
        FleetOptions fleetOptions = options.fleet().withNonGenuineRate(Math.max(options.fleet().nonGenuineRate(),
                options.faults().rate(FaultKind.NON_GENUINE)));
        List<String> serials = fleet.printers().stream().map(FleetPrinter::serial).toList();
        EngineContext ctx = new EngineContext(options, counters, oracle, trace, new LinkFactory(options.mqtt(), paho),
                new LinkFactory(intruderSettings(options), paho), tasks, serials, realStartNanos, new Semaphore(64));
        for (FleetPrinter printer : fleet.printers()) {
            CatalogEntry model = catalog.find(printer.model()).orElseThrow(() ->
                    new IllegalArgumentException("Printer " + printer.serial() + " has unknown model " + printer.model()));
            oracle.enroll(printer.serial(), printer.model(), printer.enrollmentId());
            VirtualPrinter virtual = new VirtualPrinter(fleet.seed(), printer, model, fleetOptions, options.simStart());
            printers.add(virtual);
            agents.add(new PrinterAgent(ctx, virtual, ctx.links().create(printer.serial()), fleet.seed()));
        }
    }

    private static MqttSettings intruderSettings(RunOptions options) {
        if (options.intruderAddress().isEmpty() || options.mqtt().tls()) {
            return options.mqtt();
        }
        try {
            return options.mqtt().withSocketFactory(
                    new BoundSocketFactory(InetAddress.getByName(options.intruderAddress().get())));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Bad intruder address " + options.intruderAddress().get(), e);
        }
    }

    public static FleetEngine start(Fleet fleet, RunOptions options, ModelCatalog catalog) {
        FleetEngine engine = new FleetEngine(fleet, options, catalog);
        log.info("Fleet starting [printers={}, mqtt={}, version={}, speed={}, simStart={}, virtualThreads={}]",
                fleet.size(), options.mqtt().serverUri(), options.mqtt().version(), options.speed(),
                options.simStart(), engine.paho.virtualThreads());
        long tickMillis = options.tick().toMillis();
        engine.ticker.scheduleWithFixedDelay(engine::tickSafely, 0, tickMillis, TimeUnit.MILLISECONDS);
        return engine;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("Fleet tick failed", e);
        }
    }

    private void tick() {
        if (phase == Phase.DONE || phase == Phase.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        budget.refill((now - lastTickNanos) / 1e9);
        lastTickNanos = now;
        Instant simNow = simClock.now();
        if (phase == Phase.RUNNING && endReached(simNow, now)) {
            beginDrain(now);
        }
        boolean draining = phase == Phase.DRAINING;
        if (draining) {
            simNow = lastSimNow; // the model stops where the run ended
        } else {
            lastSimNow = simNow;
            maybeStorm();
        }
        boolean settled = true;
        for (PrinterAgent agent : agents) {
            try {
                agent.tick(simNow, now, draining, budget);
            } catch (RuntimeException e) {
                log.warn("Printer tick failed [serial={}]", agent.serial(), e);
            }
            settled &= !draining || agent.settled();
        }
        if (draining && (settled || now - drainStartNanos > options.drainTimeout().toNanos())) {
            phase = Phase.DONE;
            log.info("Fleet run finished [settled={}, simulatedNow={}]", settled, simNow);
            done.countDown();
        }
    }

    private boolean endReached(Instant simNow, long now) {
        boolean simDone = simEnd.map(end -> !simNow.isBefore(end)).orElse(false);
        boolean realDone = options.realDuration().map(d -> now - realStartNanos >= d.toNanos()).orElse(false);
        return simDone || realDone;
    }

    private void beginDrain(long now) {
        phase = Phase.DRAINING;
        drainStartNanos = now;
        simEnd.ifPresent(end -> lastSimNow = lastSimNow.isAfter(end) ? end : lastSimNow);
    }

    private void maybeStorm() {
        double perMinute = options.faults().rate(FaultKind.RECONNECT_STORM);
        if (perMinute <= 0) {
            return;
        }
        double probability = perMinute * options.tick().toMillis() / 60_000.0;
        if (stormRandom.nextDouble() >= probability) {
            return;
        }
        counters.fault(FaultKind.RECONNECT_STORM);
        int dropped = 0;
        for (PrinterAgent agent : agents) {
            if (stormRandom.nextDouble() < options.faults().stormFraction()
                    && agent.connected()) {
                agent.drop(Duration.ofSeconds(5));
                dropped++;
            }
        }
        log.info("Reconnect storm [dropped={}]", dropped);
    }

    /** Ends the run now: no new reports; unacknowledged ones are still resent until the drain timeout. */
    public void stop() {
        ticker.execute(() -> {
            if (phase == Phase.RUNNING) {
                beginDrain(System.nanoTime());
            }
        });
    }

    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean finished() {
        return phase == Phase.DONE || phase == Phase.CLOSED;
    }

    public List<ExpectedOrder> expectedOrders() {
        return oracle.expectedOrders();
    }

    public synchronized RunStats stats() {
        if (finalStats != null) {
            return finalStats;
        }
        int connected = 0;
        long pendingReports = 0;
        for (PrinterAgent agent : agents) {
            if (agent.connected()) {
                connected++;
            }
            pendingReports += agent.pendingCount();
        }
        Map<FaultKind, Long> faults = counters.faults();
        faults.merge(FaultKind.NON_GENUINE, (long) nonGenuine(), Long::sum);
        Map<FaultKind, Long> nonZero = new java.util.EnumMap<>(FaultKind.class);
        faults.forEach((k, v) -> {
            if (v > 0) {
                nonZero.put(k, v);
            }
        });
        return new RunStats(agents.size(), connected, counters.reportsGenerated.sum(), counters.publishes.sum(),
                counters.reportsAcked.sum(), pendingReports, counters.errorTotal(), counters.errors(), nonZero,
                Percentiles.of(counters.pubackLatency.total()), lastSimNow,
                Duration.ofNanos(System.nanoTime() - realStartNanos), oracle.expectedOrders().size(),
                counters.cartridgesReplaced.sum());
    }

    private int nonGenuine() {
        int count = 0;
        for (VirtualPrinter printer : printers) {
            count += printer.nonGenuineInserted(); // a racy read is fine for a progress figure
        }
        return count;
    }

    /** The process footprint: at the end of the run (before disconnecting) once closed, else now. */
    public ProcessUsage processUsage() {
        ProcessUsage atEnd = usageAtEnd;
        return atEnd != null ? atEnd : ProcessUsage.now();
    }

    public RunCounters counters() {
        return counters;
    }

    public Fleet fleet() {
        return fleet;
    }

    public boolean virtualThreads() {
        return paho.virtualThreads();
    }

    /** Stops, drains, marks orders of unacknowledged reports uncertain, disconnects every printer. */
    @Override
    public void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        stop();
        try {
            if (!awaitDone(options.drainTimeout().plusSeconds(5))) {
                log.warn("Drain did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker.shutdownNow();
        int uncertain = 0;
        for (PrinterAgent agent : agents) {
            for (ReportKey key : agent.unacknowledged().keySet()) {
                oracle.markUncertain(agent.serial(), key.bootEpoch(), key.sequence());
                uncertain++;
            }
        }
        finalStats = stats();
        usageAtEnd = ProcessUsage.now(); // while every printer is still connected
        Shutdowns.inParallel(agents.stream().map(a -> (Runnable) a::shutdown).toList(), Duration.ofSeconds(15));
        phase = Phase.CLOSED;
        tasks.shutdownNow();
        paho.shutdownNow();
        trace.ifPresent(TraceWriter::close);
        log.info("Fleet closed [reportsAcked={}, unacknowledged={}, expectedOrders={}]",
                finalStats.reportsAcked(), uncertain, finalStats.expectedOrders());
    }
}
