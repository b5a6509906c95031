package io.inkflow.dispatcher.fulfilment;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims orders with work to do and processes each on a virtual thread, at most {@code concurrency} at a
 * time: remote calls (payment, carrier) are slow, so many orders wait on them at once while the
 * connection pool bounds the database load. Claims are leases taken with SKIP LOCKED, so several
 * dispatcher instances on one database work on disjoint orders.
 */
public final class FulfilmentWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FulfilmentWorker.class);

    private final FulfilmentContext ctx;
    private final OrderProcessor processor;
    private final int batchSize;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public FulfilmentWorker(FulfilmentContext ctx, OrderProcessor processor, int concurrency, int batchSize) {
        this.ctx = ctx;
        this.processor = processor;
        this.batchSize = batchSize;
        this.permits = new Semaphore(concurrency);
    }

    /** One round: claims as many orders as there are free permits; returns how many it started. */
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
        Instant now = ctx.clock().instant();
        List<String> claimed = ctx.tx().run(c -> ctx.orders().claim(c, ctx.owner(), now, ctx.lease(), free));
        for (String orderId : claimed) {
            permits.acquireUninterruptibly();
            executor.execute(() -> {
                try {
                    processor.process(orderId);
                } catch (RuntimeException e) {
                    log.warn("Order processing failed [orderId={}, error={}]", orderId, e.toString());
                } catch (Error e) {
                    // a crash of this order's processing: its lease stays and expires, another round resumes it
                    log.error("Order processing died [orderId={}, error={}]", orderId, e.toString());
                } finally {
                    permits.release();
                }
            });
        }
        // fewer than asked: nothing else is due now, so the loop may pause
        return claimed.size() < free ? 0 : claimed.size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
