package io.inkflow.dispatcher;

import io.inkflow.schemas.bench.MachineLoad;
import java.sql.Connection;
import org.slf4j.Logger;

/**
 * What the database benchmarks share: the load average printed around a run, and the best of a few timed calls
 * of a query.
 */
public final class BenchmarkHarness {
    private static final int CALLS = 5;

    /** One call of what is timed, on the benchmark's connection. */
    public interface Call {
        void run(Connection c) throws Exception;
    }

    private BenchmarkHarness() {
    }

    /** Prints the load average before a run, marked when the machine was already busy (not a result then). */
    public static void logLoadBefore(Logger log, String prefix) {
        MachineLoad before = MachineLoad.now();
        log.info("{} load average before [{}]{}", prefix, before, before.busy() ? " busy: not a result" : "");
    }

    public static void logLoadAfter(Logger log, String prefix) {
        log.info("{} load average after [{}]", prefix, MachineLoad.now());
    }

    /** The fastest of five calls in milliseconds: the slower ones include waits that are not the query's. */
    public static double bestMillis(Connection c, Call call) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            call.run(c);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }
}
