package io.inkflow.simulator.mqtt;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop every {@link NettyV3Link} of a run shares: reads, writes, keep-alive pings and timeouts of
 * all printers happen on a single thread, so a report costs no hand-off between threads. On Linux it runs Netty's
 * native epoll transport, as the gateway does: the fleet shares the machine with what it measures, and the JDK's
 * selector costs more per read and write (docs/decisions.md); elsewhere NIO.
 */
public final class NettyLoops implements AutoCloseable {
    private final boolean epoll;
    private final EventLoopGroup group;

    public NettyLoops() {
        this(true);
    }

    /** @param preferEpoll false for NIO even where epoll is available (to compare the two) */
    NettyLoops(boolean preferEpoll) {
        this.epoll = preferEpoll && Epoll.isAvailable();
        IoHandlerFactory handler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("printer-links", true), handler);
    }

    EventLoopGroup group() {
        return group;
    }

    /** The socket channel of the loop's transport. */
    Class<? extends SocketChannel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
