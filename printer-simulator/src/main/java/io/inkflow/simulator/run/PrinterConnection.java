package io.inkflow.simulator.run;

import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * One printer's MQTT connection as an agent sees it: CONNECT with the printer's own credentials,
 * each outcome counted, a backoff that doubles with every failed attempt (1 s up to 30 s), and
 * generations: every connect, drop, loss and stop starts a new one, so late outcomes of an attempt
 * or connection given up since are ignored. When to connect again is the owner's decision; it hears
 * the outcomes through its {@link Listener} under its own lock, under which it also calls every
 * method here.
 */
final class PrinterConnection {
    enum State { DISCONNECTED, CONNECTING, CONNECTED, OFFLINE }

    /** The owner's side; every call comes under its lock. */
    interface Listener {
        void onConnected();

        /** The attempt failed; wait about {@code backoffMillis} before the next one. */
        void onConnectFailed(long backoffMillis);

        /** An established connection broke. */
        void onLost();

        /** An attempt given up since (dropped, switched off, timed out) connected after all. */
        void onConnectedTooLate();
    }

    private final FleetPrinter identity;
    private final PrinterLink link;
    private final RunCounters counters;
    private final Executor tasks;
    private final Object lock;
    private final Listener listener;
    private volatile State state = State.DISCONNECTED;
    private int generation;
    private long backoffMillis;
    private long connectStartedNanos;
    private boolean lossExcused;
    private boolean linkBusy;

    /**
     * @param tasks where blocking link operations (drop, disconnect) run, off the caller's thread
     * @param lock  the owner's monitor
     */
    PrinterConnection(FleetPrinter identity, PrinterLink link, RunCounters counters, Executor tasks, Object lock,
                      Listener listener) {
        this.identity = identity;
        this.link = link;
        this.counters = counters;
        this.tasks = tasks;
        this.lock = lock;
        this.listener = listener;
    }

    /** Starts an attempt; does nothing once stopped or switched off. */
    void connect() {
        if (state == State.OFFLINE) {
            return;
        }
        state = State.CONNECTING;
        connectStartedNanos = System.nanoTime();
        int gen = ++generation;
        lossExcused = false;
        link.connect(identity.serial(), identity.deviceSecret().getBytes(StandardCharsets.UTF_8),
                new PrinterLink.ConnectOutcome() {
                    @Override
                    public void connected() {
                        synchronized (lock) {
                            handleConnected(gen);
                        }
                    }

                    @Override
                    public void failed(Throwable cause, boolean notAuthorized) {
                        synchronized (lock) {
                            handleConnectFailed(gen, notAuthorized);
                        }
                    }
                }, cause -> {
                    synchronized (lock) {
                        handleLost(gen);
                    }
                });
    }

    /** Paho refused a publish as not connected without having reported a loss: treat it as one. */
    void lostUnreported() {
        handleLost(generation);
    }

    /**
     * A fault was published on this connection; a gateway may answer it by closing the connection
     * (MQTT 3.1.1 has no other way to refuse), so losing this connection is no error.
     */
    void excuseLoss() {
        lossExcused = true;
    }

    /** The attempt took too long (Paho's own timeout should have fired): give it up and count it. */
    void abandon() {
        counters.error(ErrorKind.CONNECT_FAILED);
        generation++;
        state = State.DISCONNECTED;
        inBackground(link::drop);
    }

    /** Reconnect storm: the TCP connection vanishes without DISCONNECT. Returns whether there was one. */
    boolean drop() {
        if (state != State.CONNECTED && state != State.CONNECTING) {
            return false;
        }
        generation++;
        state = State.DISCONNECTED;
        inBackground(link::drop);
        return true;
    }

    /**
     * Switched off: DISCONNECT if connected, an attempt under way abandoned, and no attempts until
     * {@link #switchedOn()}.
     *
     * @return whether it was connected or connecting
     */
    boolean switchOff() {
        boolean was = state == State.CONNECTED || state == State.CONNECTING;
        if (was) {
            generation++;
            inBackground(link::disconnect); // ends an attempt under way too
        }
        state = State.OFFLINE;
        return was;
    }

    /** A stale attempt that connected after all: close it without holding anything up. */
    void disconnectInBackground() {
        inBackground(link::disconnect);
    }

    void switchedOn() {
        state = State.DISCONNECTED;
    }

    /** Ends the connection for good, then disconnects and frees the client (blocking; not under the owner's lock). */
    void shutdown() {
        synchronized (lock) {
            generation++;
            state = State.OFFLINE;
        }
        link.disconnect();
        link.close();
    }

    State state() {
        return state;
    }

    int generation() {
        return generation;
    }

    long connectStartedNanos() {
        return connectStartedNanos;
    }

    /** A drop or disconnect is still running; no attempt may start before it ends. */
    boolean linkBusy() {
        return linkBusy;
    }

    private void handleConnected(int gen) {
        if (gen != generation) {
            listener.onConnectedTooLate();
            return;
        }
        state = State.CONNECTED;
        backoffMillis = 0;
        counters.connects.increment();
        listener.onConnected();
    }

    private void handleConnectFailed(int gen, boolean notAuthorized) {
        if (gen != generation) {
            return;
        }
        counters.error(notAuthorized ? ErrorKind.CONNECT_NOT_AUTHORIZED : ErrorKind.CONNECT_FAILED);
        state = State.DISCONNECTED;
        backoffMillis = Math.min(30_000, Math.max(1_000, backoffMillis * 2));
        listener.onConnectFailed(backoffMillis);
    }

    private void handleLost(int gen) {
        if (gen != generation || state != State.CONNECTED) {
            return;
        }
        if (!lossExcused) {
            counters.error(ErrorKind.CONNECTION_LOST);
        }
        state = State.DISCONNECTED;
        generation++;
        listener.onLost();
    }

    /** Runs a blocking link operation on the task executor; no attempt starts while it runs. */
    private void inBackground(Runnable task) {
        linkBusy = true;
        tasks.execute(() -> {
            try {
                task.run();
            } finally {
                synchronized (lock) {
                    linkBusy = false;
                }
            }
        });
    }
}
