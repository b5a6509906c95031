package io.inkflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The state stores' formats were defined with DataOutputStream; {@link BinaryOutput} and
 * {@link BinaryInput} must write and read the very same bytes, or stored state would not survive
 * an upgrade.
 */
class BinaryFormatTest {
    private static final char[] AWKWARD = {0, 1, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0xD83D, 0xDE00, 0xFFFF};

    @Test
    void writesAndReadsWhatDataStreamsWriteAndRead() throws IOException {
        Random random = new Random(14);
        for (int round = 0; round < 2_000; round++) {
            List<Object> values = randomValues(random);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(expected);
            BinaryOutput binary = new BinaryOutput(1);
            for (Object v : values) {
                switch (v) {
                    case Byte b -> { data.writeByte(b); binary.writeByte(b); }
                    case Boolean b -> { data.writeBoolean(b); binary.writeBoolean(b); }
                    case Integer i -> { data.writeInt(i); binary.writeInt(i); }
                    case Long l -> { data.writeLong(l); binary.writeLong(l); }
                    case String s -> { data.writeUTF(s); binary.writeUTF(s); }
                    default -> throw new IllegalStateException(String.valueOf(v));
                }
            }
            byte[] bytes = binary.toByteArray();
            assertThat(bytes).as("round %d: %s", round, values).isEqualTo(expected.toByteArray());

            BinaryInput in = new BinaryInput(bytes);
            List<Object> read = new ArrayList<>();
            for (Object v : values) {
                read.add(switch (v) {
                    case Byte b -> in.readByte();
                    case Boolean b -> in.readBoolean();
                    case Integer i -> in.readInt();
                    case Long l -> in.readLong();
                    case String s -> in.readUTF();
                    default -> throw new IllegalStateException(String.valueOf(v));
                });
            }
            assertThat(read).isEqualTo(values);
        }
    }

    @Test
    void refusesWhatDataStreamsRefuse() {
        String tooLong = "é".repeat(40_000); // 80,000 bytes of modified UTF-8
        assertThatThrownBy(() -> new DataOutputStream(new ByteArrayOutputStream()).writeUTF(tooLong))
                .isInstanceOf(UTFDataFormatException.class);
        assertThatThrownBy(() -> new BinaryOutput(8).writeUTF(tooLong))
                .isInstanceOf(SerializationException.class).hasCauseInstanceOf(UTFDataFormatException.class);

        byte[] malformed = {0, 2, (byte) 0xC3, 'A'}; // a two-byte lead followed by ASCII
        assertThatThrownBy(() -> new DataInputStream(new ByteArrayInputStream(malformed)).readUTF())
                .isInstanceOf(UTFDataFormatException.class);
        assertThatThrownBy(() -> new BinaryInput(malformed).readUTF()).isInstanceOf(UTFDataFormatException.class);

        assertThatThrownBy(() -> new BinaryInput(new byte[] {0, 5, 'a'}).readUTF()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BinaryInput(new byte[3]).readInt()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BinaryInput(new byte[7]).readLong()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BinaryInput(new byte[0]).readBoolean()).isInstanceOf(EOFException.class);
    }

    private static List<Object> randomValues(Random random) {
        List<Object> values = new ArrayList<>();
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            values.add(switch (random.nextInt(5)) {
                case 0 -> (byte) random.nextInt();
                case 1 -> random.nextBoolean();
                case 2 -> random.nextInt();
                case 3 -> random.nextLong();
                default -> randomString(random);
            });
        }
        return values;
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        boolean ascii = random.nextInt(3) > 0;
        for (int i = 0; i < length; i++) {
            s.append(ascii ? (char) (' ' + random.nextInt(95)) : random.nextInt(4) == 0
                    ? AWKWARD[random.nextInt(AWKWARD.length)] : (char) random.nextInt(0x10000));
        }
        return s.toString();
    }
}
