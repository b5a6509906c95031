package io.inkflow.gateway.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Netty's MQTT decoder and encoder, one pair per event-loop thread rather than one per connection.
 * A decoder in every pipeline costs each idle printer about 300 bytes (the decoder, its replay buffer,
 * its UTF-8 decoder, the last input it keeps, its handler context and the version attribute); here the
 * connection handler cuts whole packets itself ({@link PacketFrames}) and hands each to the pair of its
 * thread, with the connection's protocol version, which Netty's codec keeps as a channel attribute.
 *
 * <p>Given a whole packet, the decoder always ends where it started, ready for the next packet of any
 * connection. After a malformed packet Netty's decoder refuses everything that follows, so the thread's
 * decoder is replaced.
 */
final class MqttCodec {
    /** The attribute Netty's MQTT codec reads the protocol version from. */
    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
    private static final String DECODER = "decoder";
    /** Packet sizes are bounded by {@link PacketFrames} before the decoder sees them. */
    private static final int ANY_SIZE = Integer.MAX_VALUE;

    private static final FastThreadLocal<MqttCodec> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected MqttCodec initialValue() {
            return new MqttCodec();
        }
    };

    private final EmbeddedChannel channel = new EmbeddedChannel();

    private MqttCodec() {
        channel.pipeline().addLast(DECODER, newDecoder()).addLast("encoder", MqttEncoder.INSTANCE);
    }

    /** Decodes one whole packet, releasing it; a malformed one comes back with a failed decoder result. */
    static MqttMessage decode(ByteBuf packet, MqttVersion version) {
        return PER_THREAD.get().decodeOnThisThread(packet, version);
    }

    /** Encodes {@code message} for a client speaking {@code version} (3.1.1 when not known yet). */
    static ByteBuf encode(MqttMessage message, MqttVersion version) {
        return PER_THREAD.get().encodeOnThisThread(message, version);
    }

    private MqttMessage decodeOnThisThread(ByteBuf packet, MqttVersion version) {
        channel.attr(VERSION).set(version);
        ChannelPipeline pipeline = channel.pipeline();
        Object decoded = null;
        boolean wholeAndOnly;
        Exception thrown = null;
        // Held one reference longer than the decoder holds it, to see whether the decoder read all of it.
        packet.retain();
        try {
            pipeline.fireChannelRead(packet);
            pipeline.fireChannelReadComplete();
            decoded = channel.readInbound();
            wholeAndOnly = !packet.isReadable() && channel.inboundMessages().isEmpty();
            // The embedded channel keeps what the decoder threw; it must not surface at another connection's call.
            channel.checkException();
        } catch (Exception e) {
            thrown = e;
            wholeAndOnly = false;
        } finally {
            packet.release();
        }
        if (wholeAndOnly && decoded instanceof MqttMessage message && message.decoderResult().isSuccess()) {
            return message;
        }
        // Failed, or the packet's contents do not fill exactly its remaining length: the decoder is mid-packet,
        // holds bytes of this one, or refuses all input after a failure. The next packet needs a fresh one.
        // Not replace(): it would hand the bytes the old decoder still holds to the new one.
        pipeline.remove(DECODER);
        pipeline.addFirst(DECODER, newDecoder());
        Object extra;
        while ((extra = channel.readInbound()) != null) {
            ReferenceCountUtil.release(extra);
        }
        if (decoded instanceof MqttMessage message && message.decoderResult().isFailure()) {
            return message;
        }
        ReferenceCountUtil.release(decoded);
        return malformed(thrown != null ? new DecoderException(thrown)
                : new DecoderException("the packet's contents do not fill exactly its remaining length"));
    }

    private ByteBuf encodeOnThisThread(MqttMessage message, MqttVersion version) {
        channel.attr(VERSION).set(version);
        channel.writeOutbound(message);
        ByteBuf encoded = channel.readOutbound();
        if (encoded == null || channel.outboundMessages().size() > 0) {
            throw new IllegalStateException("MqttEncoder did not make exactly one buffer of " + message);
        }
        return encoded;
    }

    private static MqttDecoder newDecoder() {
        return new MqttDecoder(ANY_SIZE, MqttChannelInitializer.MAX_CLIENT_ID_LENGTH);
    }

    private static MqttMessage malformed(DecoderException cause) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                null, null, DecoderResult.failure(cause));
    }
}
