package io.inkflow.gateway.mqtt;

import io.netty.buffer.ByteBuf;

/**
 * Where the next whole MQTT packet in a byte stream ends, read from its fixed header alone. A packet that
 * announces more than the limit is stopped as soon as its header arrives: a decoder that waited for the
 * announced bytes would let one client hold megabytes of memory.
 */
final class PacketFrames {
    /** Fewer bytes than the next packet needs are buffered. */
    static final long NEED_MORE = -1;
    /** The packet announces more than the limit. */
    static final long TOO_LARGE = -2;
    /** The remaining length runs past four bytes; the decoder reports it the standard way. */
    static final long MALFORMED_LENGTH = -3;

    private static final int MAX_LENGTH_BYTES = 4;

    private PacketFrames() {
    }

    /**
     * The length in bytes of the whole packet (fixed header included) at the reader index of {@code in}, when
     * all of it is buffered; otherwise {@link #NEED_MORE}, {@link #TOO_LARGE} or {@link #MALFORMED_LENGTH}.
     */
    static long wholePacketLength(ByteBuf in, int maxPacketBytes) {
        int start = in.readerIndex();
        long remaining = 0;
        int multiplier = 1;
        int index = start + 1;
        for (int i = 0; i < MAX_LENGTH_BYTES; i++, index++) {
            if (index >= in.writerIndex()) {
                return NEED_MORE;
            }
            int digit = in.getUnsignedByte(index);
            remaining += (long) (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0) {
                if (remaining > maxPacketBytes) {
                    return TOO_LARGE;
                }
                long total = index + 1 - start + remaining;
                return in.readableBytes() < total ? NEED_MORE : total;
            }
        }
        return MALFORMED_LENGTH;
    }
}
