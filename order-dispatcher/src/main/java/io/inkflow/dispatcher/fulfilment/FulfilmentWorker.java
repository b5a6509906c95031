package io.inkflow.dispatcher.fulfilment;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims orders with work to do, a batch at a time, and processes each batch on a virtual thread, with at
 * most {@code concurrency} orders in flight (a batch may pass it by the rest of its order groups): remote
 * calls are slow, so many batches wait on providers at once while the connection pool bounds the database
 * load. Claims are leases taken with SKIP LOCKED, so several dispatcher instances on one database work on
 * disjoint orders.
 */
public final class FulfilmentWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FulfilmentWorker.class);

    private final FulfilmentContext ctx;
    private final BatchProcessor processor;
    private final Claims claims;
    private final int batchSize;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public FulfilmentWorker(FulfilmentContext ctx, BatchProcessor processor, int concurrency, int batchSize) {
        this.ctx = ctx;
        this.processor = processor;
        this.claims = new Claims(ctx);
        this.batchSize = batchSize;
        this.permits = new Semaphore(concurrency);
    }

    /** One round: claims as many orders as may start now; returns how many it started (0: pause). */
    public int claimAndStart() {
        // wait until at least one order finished rather than spinning while all permits are taken
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the loop sees the interrupt and ends
            return 0;
        }
        permits.release();
        int free = Math.min(batchSize, permits.availablePermits());
        if (free == 0) {
            return 1;
        }
        List<String> claimed = ctx.tx().run(c -> claims.claim(c, free));
        if (claimed.isEmpty()) {
            return 0;
        }
        // The claim brings the rest of each order group along (one charge, one parcel), so it may hold more
        // orders than were free, even more than the concurrency: waiting for that many permits would block this
        // loop for good. Only this thread takes permits, so the free ones are still there: the batch takes
        // those, and a group may take the worker a few orders past its concurrency.
        int taken = Math.min(claimed.size(), free);
        permits.acquireUninterruptibly(taken);
        executor.execute(() -> {
            try {
                processor.process(claimed);
            } finally {
                permits.release(taken);
            }
        });
        // fewer than asked: nothing else is due now, so the loop may pause
        return claimed.size() < free ? 0 : claimed.size();
    }

    /** Lets the batches in flight finish for up to {@code grace}, then interrupts them. */
    public void stop(Duration grace) {
        processor.stop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("Fulfilment batches still running at stop; interrupting them (their leases expire and"
                        + " another round resumes them)");
                executor.shutdownNow();
                executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }
}
