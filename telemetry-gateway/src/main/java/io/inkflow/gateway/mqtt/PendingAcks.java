package io.inkflow.gateway.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Reports of one connection waiting for Kafka, in arrival order. MQTT requires PUBACKs in the
 * order the PUBLISHes arrived; accepted and rejected reports go to different topics and may be
 * acknowledged by Kafka out of order, so a finished report is acknowledged only once everything
 * before it has been. Event-loop confined.
 */
final class PendingAcks {
    /** One report; {@code packetId} is -1 for QoS 0 (nothing to acknowledge). */
    static final class Entry {
        final int packetId;
        final byte reasonCode;
        final long receivedNanos;
        private boolean done;

        Entry(int packetId, byte reasonCode, long receivedNanos) {
            this.packetId = packetId;
            this.reasonCode = reasonCode;
            this.receivedNanos = receivedNanos;
        }

        boolean needsAck() {
            return packetId >= 0;
        }
    }

    /** Only while reports wait for Kafka: an idle connection (most of a fleet, most of the time) holds none. */
    private Deque<Entry> queue;
    private int awaitingAck;

    Entry add(int packetId, byte reasonCode, long receivedNanos) {
        Entry entry = new Entry(packetId, reasonCode, receivedNanos);
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.addLast(entry);
        if (entry.needsAck()) {
            awaitingAck++;
        }
        return entry;
    }

    /** Marks {@code entry} stored and hands every entry that may now be acknowledged, in order, to {@code ack}. */
    int complete(Entry entry, Consumer<Entry> ack) {
        entry.done = true;
        int released = 0;
        while (queue != null && !queue.isEmpty() && queue.peekFirst().done) {
            Entry head = queue.removeFirst();
            if (head.needsAck()) {
                awaitingAck--;
            }
            ack.accept(head);
            released++;
        }
        if (queue != null && queue.isEmpty()) {
            queue = null; // a printer reports every few minutes: between reports its connection holds no deque
        }
        return released;
    }

    int size() {
        return queue == null ? 0 : queue.size();
    }

    /** QoS 1 reports not yet acknowledged: what MQTT 5's Receive Maximum counts. */
    int awaitingAck() {
        return awaitingAck;
    }
}
