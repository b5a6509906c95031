package io.inkflow.simulator.run;

import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * The QoS 1 bookkeeping of one printer: every tracked message stays here until its PUBACK. A
 * message is in flight on the connection it was sent on and waiting again once that connection is
 * gone, its publish failed or Paho refused it; the owner decides when waiting messages go out again,
 * in key order. PUBACKs and failures arrive on Paho's threads and take the owner's lock; every other
 * call is made under that lock already.
 *
 * @param <K> the message's identity, in sending order
 * @param <V> what the owner keeps with it
 */
final class Qos1Outbox<K extends Comparable<K>, V> {
    /** A QoS 1 PUBLISH to make. */
    record Message(String topic, byte[] payload, boolean dup) {
    }

    /** What a PUBACK means is the owner's decision; called under its lock. */
    @FunctionalInterface
    interface AckHandler<K, V> {
        /**
         * @param wasPending whether this PUBACK removed the message (false: an earlier one for it already did)
         * @param sentNanos  when the acknowledged PUBLISH was sent
         */
        void acked(K key, V value, boolean wasPending, int reasonCode, long sentNanos);
    }

    private static final class Entry<V> {
        final V value;
        final Message message;
        boolean inFlight;

        Entry(V value, Message message) {
            this.value = value;
            this.message = message;
        }
    }

    private final TreeMap<K, Entry<V>> pending = new TreeMap<>();
    private final PrinterLink link;
    private final RunCounters counters;
    private final IntSupplier generation;
    private final Object lock;
    private final AckHandler<K, V> handler;

    /**
     * @param generation the connection's current generation: a failure from an older one changes nothing
     * @param lock       the owner's monitor
     */
    Qos1Outbox(PrinterLink link, RunCounters counters, IntSupplier generation, Object lock, AckHandler<K, V> handler) {
        this.link = link;
        this.counters = counters;
        this.generation = generation;
        this.lock = lock;
        this.handler = handler;
    }

    /** Keeps a message until its PUBACK; it waits until {@link #send} publishes it. */
    void add(K key, V value, Message message) {
        pending.put(key, new Entry<>(value, message));
    }

    /**
     * Publishes a kept message on the current connection.
     *
     * @return what was published
     * @throws PrinterLink.LinkException Paho refused it; the message waits again
     */
    Message send(K key) throws PrinterLink.LinkException {
        Entry<V> entry = pending.get(key);
        entry.inFlight = true;
        int gen = generation.getAsInt();
        long sentNanos = System.nanoTime();
        try {
            link.publish(entry.message.topic(), entry.message.payload(), entry.message.dup(),
                    acknowledging(key, entry.value, sentNanos, () -> onFailed(key, gen)));
        } catch (PrinterLink.LinkException e) {
            entry.inFlight = false;
            throw e;
        }
        counters.publishes.increment();
        return entry.message;
    }

    /**
     * A second PUBLISH of a kept message, with or without the DUP flag; its PUBACK counts like the
     * original's, and its loss changes nothing, since the original is still tracked.
     */
    Message sendCopy(K key, boolean dup) throws PrinterLink.LinkException {
        Entry<V> entry = pending.get(key);
        Message copy = new Message(entry.message.topic(), entry.message.payload(), dup);
        long sentNanos = System.nanoTime();
        link.publish(copy.topic(), copy.payload(), copy.dup(), acknowledging(key, entry.value, sentNanos, () -> {
            // The original is tracked; a lost copy changes nothing.
        }));
        counters.publishes.increment();
        return copy;
    }

    /** A message nobody resends (a fault, a replayed duplicate); {@code acked} runs under the owner's lock. */
    void sendUntracked(Message message, Runnable acked) throws PrinterLink.LinkException {
        link.publish(message.topic(), message.payload(), message.dup(), new PrinterLink.PublishOutcome() {
            @Override
            public void acked(int reasonCode) {
                synchronized (lock) {
                    acked.run();
                }
            }

            @Override
            public void failed(Throwable cause) {
                // Refusing it is the gateway's right; closing the connection too.
            }
        });
        counters.publishes.increment();
    }

    /** After a connection ended or began: nothing kept is in flight on it. */
    void markAllWaiting() {
        pending.values().forEach(entry -> entry.inFlight = false);
    }

    /** The kept messages not in flight, in key order. */
    List<K> waiting() {
        List<K> keys = new ArrayList<>();
        pending.forEach((key, entry) -> {
            if (!entry.inFlight) {
                keys.add(key);
            }
        });
        return keys;
    }

    int size() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Everything still waiting for its PUBACK, in key order. */
    SortedMap<K, V> unacknowledged() {
        SortedMap<K, V> open = new TreeMap<>();
        pending.forEach((key, entry) -> open.put(key, entry.value));
        return open;
    }

    private PrinterLink.PublishOutcome acknowledging(K key, V value, long sentNanos, Runnable onFailure) {
        return new PrinterLink.PublishOutcome() {
            @Override
            public void acked(int reasonCode) {
                onAck(key, value, reasonCode, sentNanos);
            }

            @Override
            public void failed(Throwable cause) {
                onFailure.run();
            }
        };
    }

    private void onAck(K key, V value, int reasonCode, long sentNanos) {
        synchronized (lock) {
            boolean wasPending = pending.remove(key) != null;
            handler.acked(key, value, wasPending, reasonCode, sentNanos);
        }
    }

    private void onFailed(K key, int gen) {
        synchronized (lock) {
            Entry<V> entry = pending.get(key);
            if (entry == null || gen != generation.getAsInt()) {
                return; // acknowledged by a copy, or a connection given up since
            }
            entry.inFlight = false;
            counters.error(ErrorKind.PUBLISH_FAILED);
        }
    }
}
