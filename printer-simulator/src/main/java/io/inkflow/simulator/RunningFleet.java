package io.inkflow.simulator;

import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.run.FleetEngine;
import io.inkflow.simulator.stats.ProcessUsage;
import io.inkflow.simulator.stats.RunStats;
import java.time.Duration;
import java.util.List;

/**
 * A fleet connected and publishing, as {@link FleetRunner#start} returns it. {@link #close()} ends
 * the run (draining unacknowledged reports first) and disconnects every printer; statistics and
 * expected orders stay readable afterwards.
 */
public final class RunningFleet implements AutoCloseable {
    private final FleetEngine engine;

    RunningFleet(FleetEngine engine) {
        this.engine = engine;
    }

    /** Connected printers, reports sent and acknowledged, errors, PUBACK percentiles, simulated date. */
    public RunStats stats() {
        return engine.stats();
    }

    /**
     * Orders the system must hold for what the fleet did so far. After {@link #close()}, orders whose
     * triggering report was never acknowledged are marked {@code certain=false}.
     */
    public List<ExpectedOrder> expectedOrders() {
        return engine.expectedOrders();
    }

    /** Memory, threads, open files and CPU of this process; after close, as they were before disconnecting. */
    public ProcessUsage processUsage() {
        return engine.processUsage();
    }

    /** Waits until the run reached its simulated or real duration and drained. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return engine.awaitDone(timeout);
    }

    /** Ends the run early; {@link #awaitCompletion} then returns once drained. */
    public void stop() {
        engine.stop();
    }

    public boolean finished() {
        return engine.finished();
    }

    @Override
    public void close() {
        engine.close();
    }

    FleetEngine engine() {
        return engine;
    }
}
