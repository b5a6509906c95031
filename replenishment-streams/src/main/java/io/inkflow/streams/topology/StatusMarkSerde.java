package io.inkflow.streams.topology;

import io.inkflow.streams.policy.StatusPolicy.Mark;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of a {@link Mark} (read once per accepted report): a version byte and three fields. */
final class StatusMarkSerde implements Serde<Mark>, Serializer<Mark>, Deserializer<Mark> {
    private static final byte VERSION = 1;

    @Override
    public byte[] serialize(String topic, Mark mark) {
        if (mark == null) {
            return null;
        }
        BinaryOutput out = new BinaryOutput(64);
        out.writeByte(VERSION);
        out.writeBoolean(mark.enrollmentId() != null);
        if (mark.enrollmentId() != null) {
            out.writeUTF(mark.enrollmentId());
        }
        out.writeLong(mark.publishedAt().toEpochMilli());
        out.writeLong(mark.fingerprint());
        return out.toByteArray();
    }

    @Override
    public Mark deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            BinaryInput in = new BinaryInput(data);
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("Unknown status mark format version " + version);
            }
            String enrollmentId = in.readBoolean() ? in.readUTF() : null;
            return new Mark(enrollmentId, Instant.ofEpochMilli(in.readLong()), in.readLong());
        } catch (IOException e) {
            throw new SerializationException("Cannot read a status mark: " + e.getMessage(), e);
        }
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
    public Serializer<Mark> serializer() {
        return this;
    }

    @Override
    public Deserializer<Mark> deserializer() {
        return this;
    }
}
