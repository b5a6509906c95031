package io.inkflow.dispatcher.deadletter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dead_letters} table. A record is stored once per (topic, partition, offset): a batch read
 * twice (a rewind after a server error) cannot set the same record aside twice.
 */
public final class DeadLetterStore {

    /** Where a dead letter stands: waiting for a person, or replayed successfully. */
    public enum Status { OPEN, REPLAYED }

    /** A stored dead letter. */
    public record Stored(long id, DeadLetter letter, Status status, int replayAttempts, Instant createdAt,
                         Instant replayedAt, String replayedBy) {
    }

    /** Writes the dead letters; returns how many of each reason were new. */
    public Map<DeadLetterReason, Integer> insertAll(Connection c, List<DeadLetter> letters, Instant now)
            throws SQLException {
        Map<DeadLetterReason, Integer> added = new EnumMap<>(DeadLetterReason.class);
        if (letters.isEmpty()) {
            return added;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO dead_letters (topic, partition, record_offset, record_key, record_value, reason, detail,
                                          status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
                ON CONFLICT (topic, partition, record_offset) DO NOTHING
                RETURNING reason""")) {
            for (DeadLetter letter : letters) {
                ps.setString(1, letter.topic());
                ps.setInt(2, letter.partition());
                ps.setLong(3, letter.offset());
                ps.setBytes(4, letter.key());
                ps.setBytes(5, letter.value());
                ps.setString(6, letter.reason().name());
                ps.setString(7, letter.detail());
                ps.setTimestamp(8, Timestamp.from(now));
                ps.setTimestamp(9, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        added.merge(DeadLetterReason.valueOf(rs.getString(1)), 1, Integer::sum);
                    }
                }
            }
        }
        return added;
    }

    /** Dead letters newest first, optionally only one status, after the id {@code beforeId} (paging). */
    public List<Stored> list(Connection c, Status status, Long beforeId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + """
                 FROM dead_letters
                WHERE (?::text IS NULL OR status = ?::text) AND (?::bigint IS NULL OR id < ?::bigint)
                ORDER BY id DESC LIMIT ?""")) {
            String s = status == null ? null : status.name();
            ps.setString(1, s);
            ps.setString(2, s);
            ps.setObject(3, beforeId);
            ps.setObject(4, beforeId);
            ps.setInt(5, limit);
            List<Stored> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(read(rs));
                }
            }
            return page;
        }
    }

    public Optional<Stored> find(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?", id);
    }

    /** Locks the dead letter until the transaction ends (two replays of one letter run one after the other). */
    public Optional<Stored> lock(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ? FOR UPDATE", id);
    }

    public void markReplayed(Connection c, long id, String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dead_letters SET status = 'REPLAYED', replay_attempts = replay_attempts + 1, replayed_at = ?,
                       replayed_by = ?, updated_at = ?
                WHERE id = ?""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, by);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** A replay that failed again: the letter stays open with the new reason. */
    public void recordFailedReplay(Connection c, long id, DeadLetterReason reason, String detail, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dead_letters SET reason = ?, detail = ?, replay_attempts = replay_attempts + 1, updated_at = ?
                WHERE id = ?""")) {
            ps.setString(1, reason.name());
            ps.setString(2, detail);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Open dead letters by reason (reasons without any are absent). */
    public Map<DeadLetterReason, Long> countOpen(Connection c) throws SQLException {
        Map<DeadLetterReason, Long> counts = new EnumMap<>(DeadLetterReason.class);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT reason, count(*) FROM dead_letters WHERE status = 'OPEN' GROUP BY reason");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(DeadLetterReason.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    private static final String COLUMNS = "id, topic, partition, record_offset, record_key, record_value, reason, detail,"
            + " status, replay_attempts, created_at, replayed_at, replayed_by";

    private static Optional<Stored> one(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Stored read(ResultSet rs) throws SQLException {
        DeadLetter letter = new DeadLetter(rs.getString("topic"), rs.getInt("partition"), rs.getLong("record_offset"),
                rs.getBytes("record_key"), rs.getBytes("record_value"), DeadLetterReason.valueOf(rs.getString("reason")),
                rs.getString("detail"));
        Timestamp replayedAt = rs.getTimestamp("replayed_at");
        return new Stored(rs.getLong("id"), letter, Status.valueOf(rs.getString("status")), rs.getInt("replay_attempts"),
                rs.getTimestamp("created_at").toInstant(), replayedAt == null ? null : replayedAt.toInstant(),
                rs.getString("replayed_by"));
    }
}
