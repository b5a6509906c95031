package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.metrics.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of one MQTT connection past TLS, in one handler: it cuts the byte stream into whole packets
 * ({@link PacketFrames}), decodes each with its thread's {@link MqttCodec}, and runs the protocol state
 * machine: CONNECT first and once, then PUBLISH, PINGREQ and DISCONNECT; SUBSCRIBE refused the way each
 * version defines; anything malformed or out of place closes the connection (MQTT 5: with a DISCONNECT
 * reason code first). Each close is counted by reason when the channel goes inactive. Whatever escapes is
 * logged once and closes the connection.
 *
 * <p>One handler rather than a pipeline of frame guard, decoder, encoder, state machine, keepalive timer
 * and exception handler: an idle printer then costs one handler context and no codec or timer of its own
 * (issue 14, memory per idle connection; the keepalive is {@link SessionRegistry#closeSilent}).
 */
public final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);
    /** Packets a client may pipeline behind CONNECT while its password is being checked. */
    private static final int MAX_QUEUED_DURING_AUTH = 256;

    private final GatewayContext context;
    private final ConnectFlow connectFlow;
    private final PublishFlow publishFlow;
    /** Packets that arrived while the CONNECT's password was checked; created on the first (most never need it). */
    private Queue<MqttMessage> queuedDuringAuth;
    private Connection connection;
    /** Until CONNECT arrives; then cancelled and dropped. */
    private ScheduledFuture<?> connectTimeout;
    /** The start of a packet not yet wholly received; null between packets, as for every idle connection. */
    private ByteBuf partial;
    /** After an oversize packet: every later byte is discarded while the connection closes. */
    private boolean discarding;

    MqttConnectionHandler(GatewayContext context, ConnectFlow connectFlow, PublishFlow publishFlow) {
        this.context = context;
        this.connectFlow = connectFlow;
        this.publishFlow = publishFlow;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(ctx.channel(), context.nanoTime().getAsLong());
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
        stopConnectTimeout();
        releasePartial();
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
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        connection.heard(context.nanoTime().getAsLong());
        if (discarding || connection.state == Connection.State.CLOSING) {
            // Going: whatever the client still sends is read (so TCP does not reset) and dropped.
            bytes.release();
            return;
        }
        ByteBuf in = partial == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), partial, bytes);
        partial = null;
        try {
            readPackets(ctx, in);
        } finally {
            if (in.isReadable() && !discarding && connection.state != Connection.State.CLOSING) {
                partial = in;
            } else {
                in.release();
            }
        }
    }

    private void readPackets(ChannelHandlerContext ctx, ByteBuf in) {
        int maxPacket = context.limits().maxPacketBytes();
        while (in.isReadable() && connection.state != Connection.State.CLOSING) {
            long length = PacketFrames.wholePacketLength(in, maxPacket);
            if (length == PacketFrames.NEED_MORE) {
                return;
            }
            if (length == PacketFrames.TOO_LARGE) {
                discarding = true;
                connection.close(CloseReason.PACKET_TOO_LARGE, MqttReasonCodes.Disconnect.PACKET_TOO_LARGE);
                return;
            }
            int take = length == PacketFrames.MALFORMED_LENGTH ? in.readableBytes() : (int) length;
            MqttMessage message = MqttCodec.decode(in.readRetainedSlice(take), connection.version);
            boolean kept = false;
            try {
                kept = onMessage(ctx, message);
            } finally {
                if (!kept) {
                    ReferenceCountUtil.release(message);
                }
            }
        }
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    private void stopConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
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
        stopConnectTimeout();
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
            case PINGREQ -> connection.writeAndFlush(Replies.pingResp());
            case DISCONNECT -> connection.close(CloseReason.CLIENT_DISCONNECT, null);
            case SUBSCRIBE -> {
                MqttSubscribeMessage subscribe = (MqttSubscribeMessage) message;
                connection.writeAndFlush(Replies.subAckRefused(connection.version, packetId(subscribe.idAndPropertiesVariableHeader()),
                        subscribe.payload().topicSubscriptions().size()));
            }
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage unsubscribe = (MqttUnsubscribeMessage) message;
                connection.writeAndFlush(Replies.unsubAck(connection.version, packetId(unsubscribe.idAndPropertiesVariableHeader()),
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
        stopConnectTimeout();
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
        // Network resets are routine with printers on flaky links, hence DEBUG.
        if (cause instanceof IOException) {
            log.debug("Connection error [remote={}, error={}]", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Unexpected error, closing connection [remote={}]", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static int packetId(MqttMessageIdAndPropertiesVariableHeader header) {
        return header.messageId();
    }
}
