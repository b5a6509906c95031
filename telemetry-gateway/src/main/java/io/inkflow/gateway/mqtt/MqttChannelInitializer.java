package io.inkflow.gateway.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of every MQTT connection: [TLS] → the connection handler, which frames, decodes and answers
 * the packets itself. What all connections share (the flows, the codec of each event loop) is not built
 * per connection.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Client ids longer than this are refused; MQTT only promises 23, printers use their serial. */
    static final int MAX_CLIENT_ID_LENGTH = 128;

    private final GatewayContext context;
    private final SslContext sslContext;
    private final ConnectFlow connectFlow;
    private final PublishFlow publishFlow;

    /** @param sslContext null for the plaintext listener */
    public MqttChannelInitializer(GatewayContext context, SslContext sslContext) {
        this.context = context;
        this.sslContext = sslContext;
        this.connectFlow = new ConnectFlow(context);
        this.publishFlow = new PublishFlow(context);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(channel.alloc()));
        }
        configure(pipeline);
    }

    /** The MQTT part of the pipeline; tests build it on an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("mqtt", new MqttConnectionHandler(context, connectFlow, publishFlow));
    }
}
