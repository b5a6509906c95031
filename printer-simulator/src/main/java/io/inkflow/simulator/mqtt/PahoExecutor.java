package io.inkflow.simulator.mqtt;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one executor every Paho client of the process shares. Paho runs three long-lived loops per
 * connected client (receiver, sender, callback) through {@code execute}/{@code submit} and its
 * keep-alive pings through {@code schedule}. Loops go to virtual threads (JDK 24+, where
 * {@code synchronized} and {@code Object.wait} no longer pin a carrier, JEP 491); timers fire on
 * one platform thread and hand the work to a virtual thread. So N clients cost about 3N virtual
 * threads and a handful of platform threads, instead of Paho's default 4 platform threads each.
 *
 * <p>On JDK 21 to 23 virtual threads would pin their carrier inside Paho's {@code wait()} calls and
 * stall the whole fleet, so there the loops run on a cached pool of platform threads (3 per client).
 */
public final class PahoExecutor extends ScheduledThreadPoolExecutor {
    private final ExecutorService loops;
    private final boolean virtual;

    private PahoExecutor(ExecutorService loops, boolean virtual) {
        super(1, daemonFactory("paho-timer"));
        this.loops = loops;
        this.virtual = virtual;
        setRemoveOnCancelPolicy(true);
    }

    /** Virtual threads when the runtime supports them without pinning, otherwise platform threads. */
    public static PahoExecutor create() {
        boolean virtual = Runtime.version().feature() >= 24;
        return create(virtual);
    }

    public static PahoExecutor create(boolean virtualThreads) {
        ExecutorService loops = virtualThreads
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("paho-", 0).factory())
                : Executors.newCachedThreadPool(daemonFactory("paho"));
        return new PahoExecutor(loops, virtualThreads);
    }

    public boolean virtualThreads() {
        return virtual;
    }

    @Override
    public void execute(Runnable command) {
        loops.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return loops.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return loops.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return loops.submit(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return super.schedule(() -> loops.execute(command), delay, unit);
    }

    @Override
    public void shutdown() {
        super.shutdown();
        loops.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> pending = super.shutdownNow();
        pending.addAll(loops.shutdownNow());
        return pending;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        boolean timers = super.awaitTermination(timeout, unit);
        return timers && loops.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
