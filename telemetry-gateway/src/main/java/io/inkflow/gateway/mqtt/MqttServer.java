package io.inkflow.gateway.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty event loops and the MQTT listeners (plaintext and/or TLS) bound on them. */
public final class MqttServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final List<Channel> listeners = new ArrayList<>();
    /** Its settings are the same for every connection, so one serves all (Netty makes one per channel). */
    private final AdaptiveRecvByteBufAllocator receiveBuffers = new AdaptiveRecvByteBufAllocator();

    public MqttServer(int ioThreads, boolean preferEpoll) {
        boolean epoll = preferEpoll && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        log.info("MQTT transport [transport={}]", epoll ? "epoll" : "nio");
    }

    /** Binds a listener and returns the port it got (useful when {@code port} is 0). */
    public int bind(String host, int port, GatewayContext context, SslContext sslContext) throws InterruptedException {
        Channel channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Small buffers per idle printer; the write buffer only ever holds acknowledgements.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 32 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffers)
                .childHandler(new MqttChannelInitializer(context, sslContext))
                .bind(host, port).sync().channel();
        listeners.add(channel);
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        log.info("MQTT listener bound [host={}, port={}, tls={}]", host, bound, sslContext != null);
        return bound;
    }

    /** Runs {@code task} every {@code period} on an event loop of this server until it closes. */
    public void every(Duration period, Runnable task) {
        boss.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean bound() {
        return !listeners.isEmpty() && listeners.stream().allMatch(Channel::isActive);
    }

    /** Stops accepting new connections; live ones stay. */
    public void stopAccepting() {
        listeners.forEach(channel -> channel.close().syncUninterruptibly());
    }

    @Override
    public void close() {
        stopAccepting();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
