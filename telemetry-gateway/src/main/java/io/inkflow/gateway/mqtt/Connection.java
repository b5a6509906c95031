package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.ingest.TokenBucket;
import io.inkflow.gateway.metrics.CloseReason;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The state of one MQTT connection and the ways it can end. Event-loop confined except for the
 * {@link SessionRegistry.Live} methods, which hop onto the event loop.
 */
final class Connection implements SessionRegistry.Live {
    private static final Duration LINGER = Duration.ofSeconds(2);
    enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSING }

    final Channel channel;
    final ReadGate gate;
    final PendingAcks acks = new PendingAcks();
    State state = State.AWAITING_CONNECT;
    MqttVersion version;
    String clientKey;
    TokenBucket rate;
    /** A flush of written PUBACKs is queued on the event loop. */
    boolean flushPending;
    private volatile String serial;
    private CloseReason closeReason;
    /** When the client last sent anything, on the gateway's clock; read by the keepalive sweep's thread. */
    private volatile long heardNanos;
    /** 1.5 times the client's keepalive, after which its silence means it is gone; 0 when it asked for none. */
    private long silenceLimitNanos;

    Connection(Channel channel, long nowNanos) {
        this.channel = channel;
        this.gate = new ReadGate(channel);
        this.heardNanos = nowNanos;
    }

    @Override
    public String serial() {
        return serial;
    }

    void authenticated(String authenticatedSerial) {
        this.serial = authenticatedSerial;
    }

    boolean v5() {
        return version == MqttVersion.MQTT_5;
    }

    void heard(long nowNanos) {
        heardNanos = nowNanos;
    }

    /** MQTT: a client silent for 1.5 times its keepalive is gone. Set before the connection is registered. */
    void keepAlive(int seconds) {
        silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(seconds * 1500L);
    }

    @Override
    public void closeIfSilent(long nowNanos) {
        if (silenceLimitNanos > 0 && nowNanos - heardNanos > silenceLimitNanos) {
            onLoop(() -> {
                if (state != State.CONNECTED || nowNanos - heardNanos <= silenceLimitNanos) {
                    return;
                }
                if (gate.paused()) {
                    // Silent because we stopped reading it, not because the client is gone.
                    heardNanos = nowNanos;
                    return;
                }
                close(CloseReason.KEEPALIVE_TIMEOUT, MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT);
            });
        }
    }

    /** Writes a packet encoded for this client's version; {@link #flush} or a later flush sends it. */
    void write(MqttMessage message) {
        channel.write(MqttCodec.encode(message, version));
    }

    void writeAndFlush(MqttMessage message) {
        channel.writeAndFlush(MqttCodec.encode(message, version));
    }

    void flush() {
        channel.flush();
    }

    /**
     * Closes the connection, sending MQTT 5 clients a DISCONNECT with {@code code} first (only
     * after CONNACK: before it, MQTT 5 answers with CONNACK instead). The first reason wins.
     */
    void close(CloseReason reason, MqttReasonCodes.Disconnect code) {
        if (state == State.CLOSING) {
            return;
        }
        boolean sayGoodbye = v5() && state == State.CONNECTED && code != null;
        state = State.CLOSING;
        closeReason = reason;
        lingerClose(sayGoodbye ? Replies.disconnect(code) : null);
    }

    /** Refuses a CONNECT with the return code of the client's version (3.1.1 codes when unknown). */
    void refuse(Replies.Refusal refusal) {
        refuse(refusal, CloseReason.CONNECT_REFUSED);
    }

    void refuse(Replies.Refusal refusal, CloseReason reason) {
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        closeReason = reason;
        MqttConnectReturnCode code = refusal.code(version == null ? MqttVersion.MQTT_3_1_1 : version);
        lingerClose(code == null ? null : Replies.connAckRefused(code));
    }

    /**
     * Sends {@code last} (if any), then half-closes and keeps reading (and ignoring) until the
     * client closes too or {@link #LINGER} passes. Closing outright while the client's packets
     * are still unread makes TCP send a reset, and a reset can destroy the PUBACKs, CONNACK or
     * DISCONNECT we just wrote before the client has read them.
     */
    private void lingerClose(MqttMessage last) {
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        // Flushes whatever PUBACKs are still queued for a coalesced flush, then the last packet.
        ChannelFuture written = channel.writeAndFlush(last == null ? Unpooled.EMPTY_BUFFER : MqttCodec.encode(last, version));
        written.addListener(done -> {
            if (channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput();
                gate.drainForClose();
                channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
    }

    /** Why the connection ended; a connection that just went away was closed by its peer. */
    CloseReason closeReason() {
        return closeReason == null ? CloseReason.PEER_CLOSED : closeReason;
    }

    void noteReasonIfOpen(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    @Override
    public void kick(CloseReason reason, MqttReasonCodes.Disconnect code) {
        onLoop(() -> close(reason, code));
    }

    @Override
    public Future<?> stopReading() {
        try {
            return channel.eventLoop().submit(() -> gate.close(ReadGate.Reason.DRAINING));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is already gone, and with it the connection.
        }
    }
}
