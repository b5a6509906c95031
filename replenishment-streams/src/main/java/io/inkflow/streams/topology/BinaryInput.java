package io.inkflow.streams.topology;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryOutput} (and {@link java.io.DataOutputStream}) wrote, straight from the
 * array. A string of ASCII bytes becomes a String at once; any other string is decoded by
 * {@link DataInputStream#readUTF}, so malformed modified UTF-8 is refused exactly as before.
 */
final class BinaryInput {
    private final byte[] buf;
    private int pos;

    BinaryInput(byte[] buf) {
        this.buf = buf;
    }

    byte readByte() throws EOFException {
        need(1);
        return buf[pos++];
    }

    boolean readBoolean() throws EOFException {
        return readByte() != 0;
    }

    int readInt() throws EOFException {
        need(4);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | buf[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    long readLong() throws EOFException {
        return (long) readInt() << 32 | readInt() & 0xFFFFFFFFL;
    }

    String readUTF() throws IOException {
        need(2);
        int length = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        need(2 + length);
        int start = pos + 2;
        for (int i = start; i < start + length; i++) {
            if (buf[i] < 0) {
                String s = new DataInputStream(new ByteArrayInputStream(buf, pos, 2 + length)).readUTF();
                pos = start + length;
                return s;
            }
        }
        pos = start + length;
        return new String(buf, start, length, StandardCharsets.ISO_8859_1);
    }

    private void need(int count) throws EOFException {
        if (pos + count > buf.length) {
            throw new EOFException("Needed " + count + " bytes at " + pos + " of " + buf.length);
        }
    }
}
