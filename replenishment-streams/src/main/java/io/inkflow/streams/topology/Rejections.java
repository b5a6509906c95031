package io.inkflow.streams.topology;

import io.inkflow.schemas.Json;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the records this application sends to {@link Topics#TELEMETRY_REJECTED}. */
public final class Rejections {
    static final String SOURCE = "replenishment-streams";
    private static final int MAX_DETAIL = 500;
    private static final JsonSerde<RejectedRecord> SERDE = JsonSerde.of(RejectedRecord.class);

    private Rejections() {
    }

    static RejectedRecord of(RejectionReason reason, String detail, byte[] rawKey, String origin, byte[] rawValue,
                             Instant at) {
        String serial = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        String payload = rawValue == null ? "" : Base64.getEncoder().encodeToString(rawValue);
        return new RejectedRecord(SOURCE, reason, truncate(detail), serial, origin, payload, at);
    }

    /** A record whose key is not the serial it carries: it would land on the wrong partition's state. */
    static RejectedRecord serialMismatch(String key, Object value, Optional<RecordMetadata> metadata, long timestamp,
                                         String detail) {
        byte[] rawKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        String origin = metadata.map(m -> origin(m.topic(), m.partition(), m.offset())).orElse("unknown");
        return of(RejectionReason.SERIAL_MISMATCH, detail, rawKey, origin, json(value), Instant.ofEpochMilli(timestamp));
    }

    private static byte[] json(Object value) {
        try {
            return value == null ? null : Json.mapper().writeValueAsBytes(value);
        } catch (Exception e) {
            return null;
        }
    }

    /** A rejected-topic record as the exception handlers hand it to Kafka Streams (sent in the same transaction). */
    static ProducerRecord<byte[], byte[]> toProducerRecord(RejectedRecord rejected, byte[] rawKey) {
        return new ProducerRecord<>(Topics.TELEMETRY_REJECTED, rawKey, SERDE.serialize(Topics.TELEMETRY_REJECTED, rejected));
    }

    static String origin(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    static String describe(Exception e) {
        Throwable root = e;
        StringBuilder detail = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            detail.append(" (cause ").append(root.getClass().getSimpleName()).append(")");
        }
        return detail.toString();
    }

    private static String truncate(String detail) {
        String text = detail == null ? "unknown" : detail;
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }
}
