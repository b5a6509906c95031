package io.inkflow.dispatcher.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.schemas.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

/**
 * Appends a Kafka record to the {@code kafka_outbox} table inside the caller's transaction, so the
 * record exists exactly when the change it describes was committed. {@link OutboxRelay} publishes it.
 * Records of one key must be appended in the order they happened (hold a lock on the key's row), so
 * a compacted topic ends with the latest value.
 */
public final class OutboxWriter {
    private static final String INSERT =
            "INSERT INTO kafka_outbox (topic, record_key, payload, created_at) VALUES (?, ?, ?, ?)";

    private OutboxWriter() {
    }

    /** Appends {@code value} as JSON ({@link Json#mapper()}); a null value is a tombstone. */
    public static void append(Connection connection, String topic, String key, Object value, Instant now)
            throws SQLException {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        String payload;
        try {
            payload = value == null ? null : Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise outbox value for " + topic, e);
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, topic);
            insert.setString(2, key);
            insert.setString(3, payload);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
    }
}
