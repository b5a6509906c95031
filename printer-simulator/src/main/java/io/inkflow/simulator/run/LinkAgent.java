package io.inkflow.simulator.run;

import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A printer connection for replay and bench: connects, reconnects with backoff, publishes what it
 * is given, and keeps tracked publishes in its {@link Qos1Outbox} until their PUBACK, resending them
 * after a reconnect. Latency is measured from each item's intended time, so a stalled gateway shows
 * up as latency instead of being hidden by the sender slowing down (no coordinated omission).
 */
final class LinkAgent implements PrinterConnection.Listener {
    /** Something to publish. Tracked items are retried until acknowledged. */
    record Item(long id, String topic, byte[] payload, boolean dup, boolean tracked, long intendedNanos) {
        Qos1Outbox.Message message() {
            return new Qos1Outbox.Message(topic, payload, dup);
        }
    }

    private final RunCounters counters;
    private final ScheduledExecutorService timer;
    private final PrinterConnection connection;
    private final Qos1Outbox<Long, Item> outbox;
    /** Untracked items given while disconnected; they go out after the tracked ones on the next connection. */
    private final Deque<Item> waiting = new ArrayDeque<>();

    LinkAgent(FleetPrinter identity, PrinterLink link, RunCounters counters, ScheduledExecutorService timer) {
        this.counters = counters;
        this.timer = timer;
        this.connection = new PrinterConnection(identity, link, counters, timer, this, this);
        this.outbox = new Qos1Outbox<>(link, counters, connection::generation, this, this::acked);
    }

    synchronized void start() {
        connection.connect();
    }

    synchronized void publish(Item item) {
        if (item.tracked()) {
            outbox.add(item.id(), item, item.message());
        }
        if (connected()) {
            send(item);
        } else if (!item.tracked()) {
            waiting.add(item);
        }
    }

    synchronized boolean connected() {
        return connection.state() == PrinterConnection.State.CONNECTED;
    }

    synchronized List<Item> unackedItems() {
        return List.copyOf(outbox.unacknowledged().values());
    }

    synchronized int unackedCount() {
        return outbox.size();
    }

    /** A tracked item Paho refuses waits for the next connection; an untracked one is gone. */
    private void send(Item item) {
        try {
            if (item.tracked()) {
                outbox.send(item.id());
            } else {
                outbox.sendUntracked(item.message(), () -> {
                    counters.pubackLatency.record((System.nanoTime() - item.intendedNanos()) / 1000);
                    counters.faultPublishesAcked.increment();
                });
            }
        } catch (PrinterLink.LinkException e) {
            // See above.
        }
    }

    private void acked(Long id, Item item, boolean wasPending, int reasonCode, long sentNanos) {
        if (reasonCode >= 0x80) {
            counters.error(ErrorKind.PUBACK_REJECTED);
        }
        counters.pubackLatency.record((System.nanoTime() - item.intendedNanos()) / 1000);
        if (wasPending) {
            counters.reportsAcked.increment();
        }
    }

    @Override
    public void onConnected() {
        // Unacknowledged tracked items first, in their original order, then what queued meanwhile.
        outbox.markAllWaiting();
        for (Long id : outbox.waiting()) {
            try {
                outbox.send(id);
            } catch (PrinterLink.LinkException e) {
                // Waits for the next connection.
            }
        }
        List<Item> untracked = List.copyOf(waiting);
        waiting.clear();
        untracked.forEach(this::send);
    }

    @Override
    public void onConnectFailed(long backoffMillis) {
        reconnectLater(backoffMillis);
    }

    @Override
    public void onLost() {
        reconnectLater(500);
    }

    @Override
    public void onConnectedTooLate() {
        // Only after shutdown, which disconnects the client itself.
    }

    private void reconnectLater(long millis) {
        long delay = millis / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, millis));
        timer.schedule(() -> {
            synchronized (this) {
                connection.connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        connection.shutdown();
    }
}
