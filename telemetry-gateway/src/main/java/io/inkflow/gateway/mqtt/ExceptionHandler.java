package io.inkflow.gateway.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline: whatever escaped the handlers before it is logged once and
 * the connection closed. Network resets are routine with printers on flaky links, hence DEBUG.
 */
@ChannelHandler.Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    public static final ExceptionHandler INSTANCE = new ExceptionHandler();
    private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);

    private ExceptionHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection error [remote={}, error={}]", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Unexpected error, closing connection [remote={}]", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
