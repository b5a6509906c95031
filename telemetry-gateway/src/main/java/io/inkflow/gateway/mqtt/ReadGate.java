package io.inkflow.gateway.mqtt;

import io.netty.channel.Channel;

/**
 * Backpressure for one connection: reading stops while any reason holds and resumes when none
 * does. Stopping reads makes TCP push back on the printer, so nothing already accepted is dropped.
 * Event-loop confined.
 */
final class ReadGate {
    enum Reason {
        /** Waiting for the slow password check of CONNECT. */
        AUTHENTICATING,
        /** Too many reports of this connection wait for Kafka. */
        INFLIGHT,
        /** The device is above its rate limit. */
        RATE,
        /** The gateway-wide in-flight byte budget is spent (Kafka slow or down). */
        BUDGET,
        /** The client does not read our acknowledgements; do not queue more for it. */
        UNWRITABLE,
        /** The gateway is shutting down and drains what it has. */
        DRAINING
    }

    private final Channel channel;
    /** The reasons holding, one bit per {@link Reason#ordinal()}: a set without a set's object per connection. */
    private int holding;

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** Returns true when this call stopped a connection that was reading. */
    boolean close(Reason reason) {
        boolean wasOpen = holding == 0;
        holding |= bit(reason);
        channel.config().setAutoRead(false);
        return wasOpen;
    }

    void open(Reason reason) {
        boolean held = holds(reason);
        holding &= ~bit(reason);
        if (held && holding == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
            // autoRead alone resumes on the next event; ask for a read so an idle socket is not stuck.
            channel.read();
        }
    }

    /** Closing: read and discard whatever the client still sends, whatever held reading before. */
    void drainForClose() {
        holding = 0;
        channel.config().setAutoRead(true);
        channel.read();
    }

    boolean paused() {
        return holding != 0;
    }

    boolean holds(Reason reason) {
        return (holding & bit(reason)) != 0;
    }

    private static int bit(Reason reason) {
        return 1 << reason.ordinal();
    }
}
