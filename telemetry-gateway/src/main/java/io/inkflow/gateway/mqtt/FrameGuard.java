package io.inkflow.gateway.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into whole MQTT packets before Netty's MqttDecoder sees them, and stops a
 * packet that announces more than {@code maxPacketBytes} as soon as its fixed header arrives:
 * MqttDecoder itself would buffer the announced bytes first, letting one client hold megabytes
 * of memory. An oversize packet becomes an {@link OversizePacket} for the connection handler and
 * every later byte is discarded. A malformed length is left for MqttDecoder to report.
 */
public final class FrameGuard extends ByteToMessageDecoder {
    private static final int MAX_LENGTH_BYTES = 4;

    private final int maxPacketBytes;
    private boolean passThrough;
    private boolean discarding;

    public FrameGuard(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (passThrough) {
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        while (in.isReadable()) {
            int start = in.readerIndex();
            long remaining = 0;
            int multiplier = 1;
            int index = start + 1;
            boolean complete = false;
            for (int i = 0; i < MAX_LENGTH_BYTES && index < in.writerIndex(); i++, index++) {
                int digit = in.getUnsignedByte(index);
                remaining += (long) (digit & 0x7F) * multiplier;
                multiplier *= 128;
                if ((digit & 0x80) == 0) {
                    complete = true;
                    index++;
                    break;
                }
            }
            if (!complete) {
                if (index - start - 1 >= MAX_LENGTH_BYTES) {
                    // Five length bytes: malformed. MqttDecoder reports it the standard way.
                    passThrough = true;
                    out.add(in.readRetainedSlice(in.readableBytes()));
                }
                return;
            }
            long total = (index - start) + remaining;
            if (remaining > maxPacketBytes) {
                discarding = true;
                in.skipBytes(in.readableBytes());
                out.add(new OversizePacket(remaining));
                return;
            }
            if (in.readableBytes() < total) {
                return;
            }
            out.add(in.readRetainedSlice((int) total));
        }
    }
}
