package io.inkflow.simulator.run;

import io.inkflow.simulator.mqtt.PrinterLink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link PrinterLink} that records every call; the test plays Paho and answers them. */
final class FakeLink implements PrinterLink {
    record Connect(String username, String password, ConnectOutcome outcome, LinkListener listener) {
    }

    record Publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final List<Connect> connects = new CopyOnWriteArrayList<>();
    final List<Publish> publishes = new CopyOnWriteArrayList<>();
    final AtomicInteger drops = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    private volatile Boolean refuseAsNotConnected;

    /** From now on Paho refuses every publish, as not connected or as too many in flight. */
    void refusePublishes(boolean notConnected) {
        refuseAsNotConnected = notConnected;
    }

    void acceptPublishes() {
        refuseAsNotConnected = null;
    }

    Connect lastConnect() {
        return connects.getLast();
    }

    Publish lastPublish() {
        return publishes.getLast();
    }

    @Override
    public void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
        connects.add(new Connect(username, new String(password, StandardCharsets.UTF_8), outcome, listener));
    }

    @Override
    public void publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws LinkException {
        Boolean refusal = refuseAsNotConnected;
        if (refusal != null) {
            throw new LinkException(new IllegalStateException("refused by the fake"), refusal);
        }
        publishes.add(new Publish(topic, payload, dup, outcome));
    }

    @Override
    public void drop() {
        drops.incrementAndGet();
    }

    @Override
    public void disconnect() {
        disconnects.incrementAndGet();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
