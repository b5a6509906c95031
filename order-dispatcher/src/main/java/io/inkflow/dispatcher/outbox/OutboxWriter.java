package io.inkflow.dispatcher.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.schemas.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Appends Kafka records to the {@code kafka_outbox} table inside the caller's transaction, so a record
 * exists exactly when the change it describes was committed. {@link OutboxRelay} publishes them; it is
 * the dispatcher's one way to publish (enrollments, credentials, order events). Records of one key must
 * be appended in the order they happened (hold a lock on the key's row), so consumers and compacted
 * topics see the latest value last.
 */
public final class OutboxWriter {

    /** One record to publish; a null value is a tombstone. */
    public record Entry(String key, Object value) {
        public Entry {
            Objects.requireNonNull(key, "key");
        }
    }

    private OutboxWriter() {
    }

    /** Appends {@code value} as JSON ({@link Json#mapper()}); a null value is a tombstone. */
    public static void append(Connection connection, String topic, String key, Object value, Instant now)
            throws SQLException {
        appendAll(connection, topic, List.of(new Entry(key, value)), now);
    }

    /** Appends many records of one topic with one statement, in list order. */
    public static void appendAll(Connection connection, String topic, List<Entry> entries, Instant now)
            throws SQLException {
        Objects.requireNonNull(topic, "topic");
        if (entries.isEmpty()) {
            return;
        }
        String[] keys = new String[entries.size()];
        String[] payloads = new String[entries.size()];
        for (int i = 0; i < keys.length; i++) {
            Entry entry = entries.get(i);
            keys[i] = entry.key();
            payloads[i] = json(topic, entry.value());
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO kafka_outbox (topic, record_key, payload, created_at)
                SELECT ?, u.record_key, u.payload, ?
                FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(record_key, payload, n)
                ORDER BY u.n""")) {
            insert.setString(1, topic);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setArray(3, connection.createArrayOf("text", keys));
            insert.setArray(4, connection.createArrayOf("text", payloads));
            insert.executeUpdate();
        }
    }

    private static String json(String topic, Object value) {
        try {
            return value == null ? null : Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise outbox value for " + topic, e);
        }
    }
}
