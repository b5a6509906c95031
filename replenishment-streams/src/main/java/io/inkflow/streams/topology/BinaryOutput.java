package io.inkflow.streams.topology;

import java.io.UTFDataFormatException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes the bytes {@link java.io.DataOutputStream} writes (big-endian numbers, modified UTF-8
 * strings with a two-byte length) into a growing array, without its stream layers: the state
 * stores write one value per report, and the stream classes' per-call overhead showed in the
 * profile. The store formats were defined with DataOutputStream, so these bytes must stay the same;
 * {@code BinaryFormatTest} compares them.
 */
final class BinaryOutput {
    private byte[] buf;
    private int pos;

    BinaryOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    void writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** Modified UTF-8 as {@link java.io.DataOutput#writeUTF}: NUL and non-ASCII take two or three bytes. */
    void writeUTF(String s) {
        int chars = s.length();
        int bytes = chars;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F) {
                bytes += c > 0x7FF ? 2 : 1;
            }
        }
        if (bytes > 0xFFFF) {
            throw new SerializationException(new UTFDataFormatException("String of " + bytes + " bytes is too long"));
        }
        ensure(2 + bytes);
        buf[pos++] = (byte) (bytes >>> 8);
        buf[pos++] = (byte) bytes;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c != 0 && c <= 0x7F) {
                buf[pos++] = (byte) c;
            } else if (c <= 0x7FF) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
