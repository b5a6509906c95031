package io.inkflow.gateway.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child process of the benchmark: opens N idle MQTT connections (CONNECT, keepalive 300 s, then
 * nothing) and holds them until its stdin closes. Runs in its own JVM so that the measured server
 * process holds only its own side of each connection (and has its own file limit).
 * Prints {@code CONNECTED <n>} when done.
 */
public final class IdleClients {
    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AtomicInteger accepted = new AtomicInteger();
        int batch = 500;
        for (int start = 0; start < count; start += batch) {
            int size = Math.min(batch, count - start);
            CountDownLatch done = new CountDownLatch(size);
            for (int i = start; i < start + size; i++) {
                String clientId = "idle-" + i;
                new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE,
                                        new SimpleChannelInboundHandler<MqttMessage>() {
                                            @Override
                                            public void channelActive(ChannelHandlerContext ctx) {
                                                ctx.writeAndFlush(MqttMessageBuilders.connect()
                                                        .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(clientId)
                                                        .cleanSession(true).keepAlive(300).build());
                                            }

                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, MqttMessage m) {
                                                if (m.fixedHeader().messageType() == MqttMessageType.CONNACK) {
                                                    accepted.incrementAndGet();
                                                    done.countDown();
                                                }
                                            }

                                            @Override
                                            public void channelInactive(ChannelHandlerContext ctx) {
                                                done.countDown();
                                            }
                                        });
                            }
                        }).connect(host, port).addListener(f -> {
                            if (!f.isSuccess()) {
                                done.countDown();
                            }
                        });
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                break;
            }
        }
        System.out.println("CONNECTED " + accepted.get());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections until the parent closes our stdin
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
