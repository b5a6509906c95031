package io.inkflow.simulator.run;

import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A printer connection for replay and bench: connects, reconnects with backoff, publishes what it
 * is given, and keeps tracked publishes until their PUBACK, resending them after a reconnect.
 * Latency is measured from each item's intended time, so a stalled gateway shows up as latency
 * instead of being hidden by the sender slowing down (no coordinated omission).
 */
final class LinkAgent {
    /** Something to publish. Tracked items are retried until acknowledged. */
    record Item(long id, String topic, byte[] payload, boolean dup, boolean tracked, long intendedNanos) {
    }

    private final FleetPrinter identity;
    private final PrinterLink link;
    private final RunCounters counters;
    private final ScheduledExecutorService timer;
    private final Map<Long, Item> unacked = new LinkedHashMap<>();
    private final Deque<Item> waiting = new ArrayDeque<>();
    private boolean connected;
    private boolean stopped;
    private int generation;
    private long backoffMillis;

    LinkAgent(FleetPrinter identity, PrinterLink link, RunCounters counters, ScheduledExecutorService timer) {
        this.identity = identity;
        this.link = link;
        this.counters = counters;
        this.timer = timer;
    }

    synchronized void start() {
        connect();
    }

    synchronized void publish(Item item) {
        if (item.tracked()) {
            unacked.put(item.id(), item);
        }
        if (connected) {
            send(item);
        } else {
            waiting.add(item);
        }
    }

    synchronized boolean connected() {
        return connected;
    }

    synchronized java.util.List<Item> unackedItems() {
        return java.util.List.copyOf(unacked.values());
    }

    synchronized int unackedCount() {
        return unacked.size();
    }

    private void send(Item item) {
        int gen = generation;
        try {
            link.publish(item.topic(), item.payload(), item.dup(), new PrinterLink.PublishOutcome() {
                @Override
                public void acked(int reasonCode) {
                    onAck(item, reasonCode);
                }

                @Override
                public void failed(Throwable cause) {
                    onFailed(item, gen);
                }
            });
            counters.publishes.increment();
        } catch (PrinterLink.LinkException e) {
            if (item.tracked()) {
                waiting.add(item);
            }
        }
    }

    private synchronized void onAck(Item item, int reasonCode) {
        if (reasonCode >= 0x80 && item.tracked()) {
            counters.error(ErrorKind.PUBACK_REJECTED);
        }
        counters.pubackLatency.record((System.nanoTime() - item.intendedNanos()) / 1000);
        if (item.tracked() && unacked.remove(item.id()) != null) {
            counters.reportsAcked.increment();
        } else if (!item.tracked()) {
            counters.faultPublishesAcked.increment();
        }
    }

    private synchronized void onFailed(Item item, int gen) {
        if (item.tracked() && gen == generation && unacked.containsKey(item.id())) {
            counters.error(ErrorKind.PUBLISH_FAILED);
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        int gen = ++generation;
        link.connect(identity.serial(), identity.deviceSecret().getBytes(StandardCharsets.UTF_8),
                new PrinterLink.ConnectOutcome() {
                    @Override
                    public void connected() {
                        onConnected(gen);
                    }

                    @Override
                    public void failed(Throwable cause, boolean notAuthorized) {
                        onConnectFailed(gen, notAuthorized);
                    }
                }, cause -> onLost(gen));
    }

    private synchronized void onConnected(int gen) {
        if (gen != generation || stopped) {
            return;
        }
        connected = true;
        backoffMillis = 0;
        counters.connects.increment();
        // Unacknowledged tracked items first, in their original order, then what queued meanwhile.
        Deque<Item> resend = new ArrayDeque<>(unacked.values());
        for (Item item : waiting) {
            if (!item.tracked()) {
                resend.add(item);
            }
        }
        waiting.clear();
        resend.forEach(this::send);
    }

    private synchronized void onConnectFailed(int gen, boolean notAuthorized) {
        if (gen != generation) {
            return;
        }
        counters.error(notAuthorized ? ErrorKind.CONNECT_NOT_AUTHORIZED : ErrorKind.CONNECT_FAILED);
        backoffMillis = Math.min(30_000, Math.max(1_000, backoffMillis * 2));
        reconnectLater(backoffMillis);
    }

    private synchronized void onLost(int gen) {
        if (gen != generation || !connected) {
            return;
        }
        connected = false;
        generation++;
        counters.error(ErrorKind.CONNECTION_LOST);
        reconnectLater(500);
    }

    private void reconnectLater(long millis) {
        long delay = millis / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, millis));
        timer.schedule(() -> {
            synchronized (this) {
                connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        synchronized (this) {
            stopped = true;
            connected = false;
            generation++;
        }
        link.disconnect();
        link.close();
    }
}
