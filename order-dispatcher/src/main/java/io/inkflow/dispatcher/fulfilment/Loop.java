package io.inkflow.dispatcher.fulfilment;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work over and over on its own thread, pausing when it found nothing to do or failed.
 * A failure (database or Kafka down) is logged and retried; an Error ends the loop, like a crash of the
 * process. Stopping wakes a pausing loop at once and lets a running round finish, so the resources the
 * round uses (the connection pool) are closed only after every loop has stopped.
 */
public final class Loop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Loop.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** A dependency that stays down fails every round; one log line per this period is enough. */
    private static final long FAILURE_LOG_PERIOD_NANOS = Duration.ofSeconds(10).toNanos();

    private final String name;
    private final IntSupplier work;
    private final Duration idlePause;
    private final Object pauseLock = new Object();
    private volatile boolean running = true;
    private final Thread thread;
    private long lastFailureLogNanos;
    private int unloggedFailures;

    /** @param work returns how much it did; 0 means pause before the next round */
    public Loop(String name, IntSupplier work, Duration idlePause) {
        this.name = name;
        this.work = work;
        this.idlePause = idlePause;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    public Loop start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            int done;
            try {
                done = work.getAsInt();
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stopping: whatever the last round ran into is of no interest
                }
                logFailure(e);
                done = 0;
            }
            if (done == 0) {
                pause();
            }
        }
    }

    private void logFailure(RuntimeException e) {
        long now = System.nanoTime();
        if (lastFailureLogNanos != 0 && now - lastFailureLogNanos < FAILURE_LOG_PERIOD_NANOS) {
            unloggedFailures++;
            return;
        }
        log.warn("Loop round failed, retrying [loop={}, failuresSinceLastLog={}]", name, unloggedFailures + 1, e);
        lastFailureLogNanos = now;
        unloggedFailures = 0;
    }

    private void pause() {
        synchronized (pauseLock) {
            if (!running) {
                return;
            }
            try {
                pauseLock.wait(idlePause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /** Asks the loop to stop after its current round (and wakes it when it pauses); returns at once. */
    public void signalStop() {
        running = false;
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
    }

    /** Stops the loop and waits for it; a round still blocked after the grace period is interrupted. */
    @Override
    public void close() {
        signalStop();
        try {
            thread.join(STOP_GRACE);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
