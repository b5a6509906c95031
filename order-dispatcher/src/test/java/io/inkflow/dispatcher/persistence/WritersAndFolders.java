package io.inkflow.dispatcher.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs writers and folders of a kept table at once for a while, each in a loop on its own thread, as several
 * dispatcher instances and an operator would: the kept tables' ITs then compare what was kept with the truth.
 */
final class WritersAndFolders {
    /** One transaction of writes, or one fold. */
    interface Step {
        void run() throws Exception;
    }

    /** How many writes and folds ran. */
    record Done(int writes, int folds) {
    }

    private WritersAndFolders() {
    }

    /** Runs {@code writers} threads of {@code write} and {@code folders} of {@code fold} for {@code howLong}. */
    static Done run(int writers, Step write, int folders, Step fold, Duration howLong) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger folds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers + folders);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                tasks.add(pool.submit(() -> loop(running, write, writes)));
            }
            for (int f = 0; f < folders; f++) {
                tasks.add(pool.submit(() -> loop(running, fold, folds)));
            }
            Thread.sleep(howLong.toMillis());
            running.set(false);
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Done(writes.get(), folds.get());
    }

    private static Void loop(AtomicBoolean running, Step step, AtomicInteger done) throws Exception {
        while (running.get()) {
            step.run();
            done.incrementAndGet();
        }
        return null;
    }
}
