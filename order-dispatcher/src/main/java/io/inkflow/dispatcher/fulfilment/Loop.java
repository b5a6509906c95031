package io.inkflow.dispatcher.fulfilment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work over and over on its own thread, pausing when it found nothing to do or failed.
 * A failure (database down) is logged and retried; an Error ends the loop, like a crash of the process.
 */
public final class Loop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Loop.class);

    private final String name;
    private final IntSupplier work;
    private final Duration idlePause;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

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
        while (running.get()) {
            int done;
            try {
                done = work.getAsInt();
            } catch (RuntimeException e) {
                log.warn("Loop round failed, retrying [loop={}, error={}]", name, e.toString());
                done = 0;
            }
            if (done == 0 && !pause()) {
                return;
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(idlePause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
