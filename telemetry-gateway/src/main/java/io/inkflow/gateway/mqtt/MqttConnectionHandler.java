package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.metrics.CloseReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT protocol state machine of one connection: CONNECT first and once, then PUBLISH, PINGREQ
 * and DISCONNECT; SUBSCRIBE refused the way each version defines; anything malformed or out of
 * place closes the connection (MQTT 5: with a DISCONNECT reason code first). Each close is counted
 * by reason when the channel goes inactive.
 */
public final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {
    /** Packets a client may pipeline behind CONNECT while its password is being checked. */
    private static final int MAX_QUEUED_DURING_AUTH = 256;

    private final GatewayContext context;
    private final ConnectFlow connectFlow;
    private final PublishFlow publishFlow;
    /** Packets that arrived while the CONNECT's password was checked; created on the first (most never need it). */
    private Queue<MqttMessage> queuedDuringAuth;
    private Connection connection;
    private ScheduledFuture<?> connectTimeout;

    public MqttConnectionHandler(GatewayContext context) {
        this.context = context;
        this.connectFlow = new ConnectFlow(context);
        this.publishFlow = new PublishFlow(context);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(ctx.channel());
        context.metrics().connectionOpened();
        connectTimeout = ctx.executor().schedule(() -> {
            if (connection.state == Connection.State.AWAITING_CONNECT) {
                connection.close(CloseReason.CONNECT_TIMEOUT, null);
            }
        }, context.limits().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        if (connection.clientKey != null) {
            context.sessions().unregister(connection.clientKey, connection);
        }
        if (queuedDuringAuth != null) {
            queuedDuringAuth.forEach(ReferenceCountUtil::release);
            queuedDuringAuth = null;
        }
        context.metrics().connectionClosed(connection.closeReason());
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean kept = false;
        try {
            if (msg instanceof OversizePacket) {
                connection.close(CloseReason.PACKET_TOO_LARGE, MqttReasonCodes.Disconnect.PACKET_TOO_LARGE);
            } else if (msg instanceof MqttMessage message) {
                kept = onMessage(ctx, message);
            }
        } finally {
            if (!kept) {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Returns true when the message was queued and must not be released yet. */
    private boolean onMessage(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            onDecodeFailure(message);
            return false;
        }
        switch (connection.state) {
            case AWAITING_CONNECT -> onFirstPacket(ctx, message);
            case AUTHENTICATING -> {
                if (queuedDuringAuth == null) {
                    queuedDuringAuth = new ArrayDeque<>(4);
                }
                if (queuedDuringAuth.size() >= MAX_QUEUED_DURING_AUTH) {
                    connection.close(CloseReason.PROTOCOL_VIOLATION, null);
                    return false;
                }
                queuedDuringAuth.add(message);
                return true;
            }
            case CONNECTED -> onConnected(ctx, message);
            case CLOSING -> {
                // Already going; ignore whatever was still in the buffer.
            }
        }
        return false;
    }

    private void onFirstPacket(ChannelHandlerContext ctx, MqttMessage message) {
        if (!(message instanceof MqttConnectMessage connect)) {
            connection.close(CloseReason.PROTOCOL_VIOLATION, null);
            return;
        }
        connectTimeout.cancel(false);
        connectFlow.onConnect(ctx, connection, connect, () -> replayQueued(ctx));
    }

    private void replayQueued(ChannelHandlerContext ctx) {
        if (queuedDuringAuth == null) {
            return;
        }
        MqttMessage queued;
        while ((queued = queuedDuringAuth.poll()) != null) {
            try {
                if (connection.state == Connection.State.CONNECTED) {
                    onConnected(ctx, queued);
                }
            } finally {
                ReferenceCountUtil.release(queued);
            }
        }
    }

    private void onConnected(ChannelHandlerContext ctx, MqttMessage message) {
        switch (message.fixedHeader().messageType()) {
            case PUBLISH -> publishFlow.onPublish(ctx, connection, (MqttPublishMessage) message);
            case PINGREQ -> ctx.writeAndFlush(Replies.pingResp());
            case DISCONNECT -> connection.close(CloseReason.CLIENT_DISCONNECT, null);
            case SUBSCRIBE -> {
                MqttSubscribeMessage subscribe = (MqttSubscribeMessage) message;
                ctx.writeAndFlush(Replies.subAckRefused(connection.version, packetId(subscribe.idAndPropertiesVariableHeader()),
                        subscribe.payload().topicSubscriptions().size()));
            }
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage unsubscribe = (MqttUnsubscribeMessage) message;
                ctx.writeAndFlush(Replies.unsubAck(connection.version, packetId(unsubscribe.idAndPropertiesVariableHeader()),
                        unsubscribe.payload().topics().size()));
            }
            // A second CONNECT, or a packet only a server sends, or QoS 2 flow packets we never start.
            default -> connection.close(CloseReason.PROTOCOL_VIOLATION, MqttReasonCodes.Disconnect.PROTOCOL_ERROR);
        }
    }

    private void onDecodeFailure(MqttMessage message) {
        Throwable cause = message.decoderResult().cause();
        if (connection.state != Connection.State.AWAITING_CONNECT) {
            CloseReason reason = cause instanceof TooLongFrameException ? CloseReason.PACKET_TOO_LARGE
                    : CloseReason.MALFORMED_PACKET;
            MqttReasonCodes.Disconnect code = cause instanceof TooLongFrameException
                    ? MqttReasonCodes.Disconnect.PACKET_TOO_LARGE : MqttReasonCodes.Disconnect.MALFORMED_PACKET;
            connection.close(reason, code);
            return;
        }
        connectTimeout.cancel(false);
        if (message.variableHeader() instanceof MqttConnectVariableHeader header) {
            connection.version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        }
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            connection.version = null;
            connection.refuse(Replies.Refusal.UNSUPPORTED_VERSION);
        } else if (cause instanceof MqttIdentifierRejectedException) {
            connection.refuse(Replies.Refusal.IDENTIFIER_REJECTED);
        } else {
            connection.refuse(Replies.Refusal.MALFORMED, CloseReason.MALFORMED_PACKET);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // A paused connection is silent because we stopped reading it, not because the client is gone.
        if (event instanceof IdleStateEvent && connection.state == Connection.State.CONNECTED
                && !connection.gate.paused()) {
            connection.close(CloseReason.KEEPALIVE_TIMEOUT, MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            connection.gate.open(ReadGate.Reason.UNWRITABLE);
        } else {
            connection.gate.close(ReadGate.Reason.UNWRITABLE);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection != null) {
            connection.noteReasonIfOpen(CloseReason.ERROR);
        }
        ctx.fireExceptionCaught(cause);
    }

    private static int packetId(MqttMessageIdAndPropertiesVariableHeader header) {
        return header.messageId();
    }
}
