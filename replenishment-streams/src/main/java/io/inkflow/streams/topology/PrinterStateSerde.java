package io.inkflow.streams.topology;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.streams.policy.DedupPosition;
import io.inkflow.streams.policy.LevelSample;
import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.policy.SlotState;
import io.inkflow.streams.policy.SlotStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link PrinterState} for the store and its changelog. The state is read and written
 * once per report, and JSON (with its ISO timestamps) cost ten times the rest of the processing;
 * this form is a few hundred bytes and microseconds. The first byte is the format version; enums are
 * written by name so reordering them cannot corrupt stored state. The bytes are DataOutputStream's,
 * written and read by {@link BinaryOutput} and {@link BinaryInput}: through the stream classes,
 * reading and writing the state were 19% of the stream thread's profile samples.
 */
final class PrinterStateSerde implements Serde<PrinterState>, Serializer<PrinterState>, Deserializer<PrinterState> {
    private static final byte VERSION = 1;

    @Override
    public byte[] serialize(String topic, PrinterState state) {
        if (state == null) {
            return null;
        }
        BinaryOutput out = new BinaryOutput(128 + 64 * state.slots().size());
        out.writeByte(VERSION);
        out.writeUTF(state.serial());
        writeEnrollment(out, state.enrollment());
        out.writeBoolean(state.reportedModel() != null);
        if (state.reportedModel() != null) {
            out.writeUTF(state.reportedModel());
        }
        out.writeBoolean(state.position() != null);
        if (state.position() != null) {
            out.writeLong(state.position().bootEpoch());
            out.writeLong(state.position().sequence());
        }
        writeNullableInstant(out, state.lastReportAt());
        out.writeBoolean(state.staleNotified());
        out.writeInt(state.slots().size());
        for (Map.Entry<String, SlotState> slot : state.slots().entrySet()) {
            out.writeUTF(slot.getKey());
            writeSlot(out, slot.getValue());
        }
        return out.toByteArray();
    }

    @Override
    public PrinterState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            BinaryInput in = new BinaryInput(data);
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("Unknown printer state format version " + version);
            }
            String serial = in.readUTF();
            Enrollment enrollment = readEnrollment(in);
            String reportedModel = in.readBoolean() ? in.readUTF() : null;
            DedupPosition position = in.readBoolean() ? new DedupPosition(in.readLong(), in.readLong()) : null;
            Instant lastReportAt = readNullableInstant(in);
            boolean staleNotified = in.readBoolean();
            int count = in.readInt();
            Map<String, SlotState> slots = new HashMap<>();
            for (int i = 0; i < count; i++) {
                slots.put(in.readUTF(), readSlot(in));
            }
            return new PrinterState(serial, enrollment, reportedModel, position, lastReportAt, staleNotified, slots);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read printer state: " + e.getMessage(), e);
        }
    }

    private static void writeEnrollment(BinaryOutput out, Enrollment e) {
        out.writeBoolean(e != null);
        if (e != null) {
            out.writeUTF(e.enrollmentId());
            out.writeUTF(e.serial());
            out.writeUTF(e.model());
            out.writeUTF(e.accountId());
            out.writeUTF(e.channel().name());
            out.writeUTF(e.status().name());
            writeInstant(out, e.updatedAt());
        }
    }

    private static Enrollment readEnrollment(BinaryInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Enrollment(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), Channel.valueOf(in.readUTF()),
                EnrollmentStatus.valueOf(in.readUTF()), readInstant(in));
    }

    private static void writeSlot(BinaryOutput out, SlotState slot) {
        out.writeUTF(slot.cartridgeId());
        out.writeUTF(slot.status().name());
        out.writeInt(slot.depletionCycle());
        out.writeByte(slot.lastLevel());
        out.writeBoolean(slot.genuine());
        out.writeBoolean(slot.lowSignalled());
        out.writeBoolean(slot.nonGenuineNotified());
        writeInstant(out, slot.firstReading().at());
        out.writeByte(slot.firstReading().level());
        out.writeInt(slot.readings());
    }

    private static SlotState readSlot(BinaryInput in) throws IOException {
        return new SlotState(in.readUTF(), SlotStatus.valueOf(in.readUTF()), in.readInt(), in.readByte(),
                in.readBoolean(), in.readBoolean(), in.readBoolean(), new LevelSample(readInstant(in), in.readByte()),
                in.readInt());
    }

    private static void writeNullableInstant(BinaryOutput out, Instant at) {
        out.writeBoolean(at != null);
        if (at != null) {
            writeInstant(out, at);
        }
    }

    private static Instant readNullableInstant(BinaryInput in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }

    private static void writeInstant(BinaryOutput out, Instant at) {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant readInstant(BinaryInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // configured by construction
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public Serializer<PrinterState> serializer() {
        return this;
    }

    @Override
    public Deserializer<PrinterState> deserializer() {
        return this;
    }
}
