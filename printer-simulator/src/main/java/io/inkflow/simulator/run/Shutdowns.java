package io.inkflow.simulator.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Disconnects many printers at once: each disconnect waits on the network, so they run side by side. */
final class Shutdowns {
    private static final Logger log = LoggerFactory.getLogger(Shutdowns.class);

    private Shutdowns() {
    }

    static void inParallel(Collection<? extends Runnable> tasks, Duration timeout) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>(tasks.size());
            tasks.forEach(task -> running.add(threads.submit(task)));
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> future : running) {
                try {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    log.debug("Printer shutdown slow or failed", e);
                }
            }
            threads.shutdownNow();
        }
    }
}
