package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.ingest.TokenBucket;
import io.inkflow.gateway.metrics.CloseReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.concurrent.RejectedExecutionException;

/**
 * The state of one MQTT connection and the ways it can end. Event-loop confined except for the
 * {@link SessionRegistry.Live} methods, which hop onto the event loop.
 */
final class Connection implements SessionRegistry.Live {
    enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSING }

    final Channel channel;
    final ReadGate gate;
    final PendingAcks acks = new PendingAcks();
    State state = State.AWAITING_CONNECT;
    MqttVersion version;
    String clientKey;
    TokenBucket rate;
    private volatile String serial;
    private CloseReason closeReason;

    Connection(Channel channel) {
        this.channel = channel;
        this.gate = new ReadGate(channel);
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
        if (sayGoodbye && channel.isActive()) {
            channel.writeAndFlush(Replies.disconnect(code)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
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
        if (code == null || !channel.isActive()) {
            channel.close();
        } else {
            channel.writeAndFlush(Replies.connAckRefused(code)).addListener(ChannelFutureListener.CLOSE);
        }
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
    public void stopReading() {
        onLoop(() -> gate.close(ReadGate.Reason.DRAINING));
    }

    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is already gone, and with it the connection.
        }
    }
}
