package io.inkflow.dispatcher.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Consumed Kafka offsets kept in {@code consumer_offsets}, written in the same transaction as the rows
 * the records produced. Kafka types stay out: a partition is (topic, partition number).
 */
public final class OffsetStore {

    /** A topic partition. */
    public record Partition(String topic, int partition) {
    }

    public Map<Partition, Long> load(Connection c, String groupId) throws SQLException {
        Map<Partition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = ?")) {
            ps.setString(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new Partition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return offsets;
    }

    /**
     * Stores the next offsets. Never moves an offset backwards: after a rebalance, the previous owner of
     * a partition may still commit a batch the new owner has already passed.
     */
    public void store(Connection c, String groupId, Map<Partition, Long> nextOffsets, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO consumer_offsets (group_id, topic, partition, next_offset, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (group_id, topic, partition) DO UPDATE
                SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset),
                    updated_at = EXCLUDED.updated_at""")) {
            for (var entry : nextOffsets.entrySet()) {
                ps.setString(1, groupId);
                ps.setString(2, entry.getKey().topic());
                ps.setInt(3, entry.getKey().partition());
                ps.setLong(4, entry.getValue());
                ps.setTimestamp(5, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
