package io.inkflow.gateway.mqtt;

import io.netty.channel.Channel;
import java.util.EnumSet;
import java.util.Set;

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
    private final Set<Reason> holding = EnumSet.noneOf(Reason.class);

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** Returns true when this call stopped a connection that was reading. */
    boolean close(Reason reason) {
        boolean wasOpen = holding.isEmpty();
        holding.add(reason);
        channel.config().setAutoRead(false);
        return wasOpen;
    }

    void open(Reason reason) {
        if (holding.remove(reason) && holding.isEmpty() && channel.isActive()) {
            channel.config().setAutoRead(true);
            // autoRead alone resumes on the next event; ask for a read so an idle socket is not stuck.
            channel.read();
        }
    }

    /** Closing: read and discard whatever the client still sends, whatever held reading before. */
    void drainForClose() {
        holding.clear();
        channel.config().setAutoRead(true);
        channel.read();
    }

    boolean paused() {
        return !holding.isEmpty();
    }

    boolean holds(Reason reason) {
        return holding.contains(reason);
    }
}
