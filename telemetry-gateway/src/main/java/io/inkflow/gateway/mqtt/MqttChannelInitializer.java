package io.inkflow.gateway.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of every MQTT connection: [TLS] → frame guard → MQTT decoder/encoder → connection
 * handler → the shared exception handler, last.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Client ids longer than this are refused; MQTT only promises 23, printers use their serial. */
    static final int MAX_CLIENT_ID_LENGTH = 128;

    private final GatewayContext context;
    private final SslContext sslContext;

    /** @param sslContext null for the plaintext listener */
    public MqttChannelInitializer(GatewayContext context, SslContext sslContext) {
        this.context = context;
        this.sslContext = sslContext;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(channel.alloc()));
        }
        configure(pipeline, context);
    }

    /** The MQTT part of the pipeline; tests build it on an EmbeddedChannel. */
    public static void configure(ChannelPipeline pipeline, GatewayContext context) {
        int maxPacket = context.limits().maxPacketBytes();
        pipeline.addLast("frames", new FrameGuard(maxPacket));
        pipeline.addLast("decoder", new MqttDecoder(maxPacket, MAX_CLIENT_ID_LENGTH));
        pipeline.addLast("encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("mqtt", new MqttConnectionHandler(context));
        pipeline.addLast("exceptions", ExceptionHandler.INSTANCE);
    }
}
