package io.inkflow.dispatcher.http;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * Idempotency-Key records, scoped to the caller's token. A key is first claimed (committed at once,
 * so a concurrent duplicate sees it in progress); the handler's changes and the stored response then
 * commit together, so a stored response always matches what happened. A claim whose request died
 * (process crash) can be taken over after {@link #LEASE}.
 */
final class IdempotencyStore {
    static final Duration LEASE = Duration.ofSeconds(60);

    private final DataSource dataSource;

    IdempotencyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The outcome of claiming a key. */
    sealed interface Claim {
        /** The caller owns the key and runs the request; {@code at} identifies this claim. */
        record Claimed(Instant at) implements Claim {
        }

        /** Done before with the same request: answer the stored response. */
        record Replay(int status, String body) implements Claim {
        }

        /** The key was used with another request. */
        record Mismatch() implements Claim {
        }

        /** The first request with this key is still running. */
        record InProgress() implements Claim {
        }
    }

    Claim claim(String principal, String key, byte[] requestHash, Instant now) throws SQLException {
        // timestamptz keeps microseconds; the claim instant is compared for equality later
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (insert(c, principal, key, requestHash, at)) {
                    return new Claim.Claimed(at);
                }
                try (PreparedStatement select = c.prepareStatement("""
                        SELECT request_sha256, status, response_status, response_body, created_at
                        FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?""")) {
                    select.setString(1, principal);
                    select.setString(2, key);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            continue; // released meanwhile: claim again
                        }
                        if (!Arrays.equals(rs.getBytes(1), requestHash)) {
                            return new Claim.Mismatch();
                        }
                        if ("DONE".equals(rs.getString(2))) {
                            return new Claim.Replay(rs.getInt(3), rs.getString(4));
                        }
                        Instant claimedAt = rs.getTimestamp(5).toInstant();
                        if (claimedAt.plus(LEASE).isAfter(at) || !takeOver(c, principal, key, claimedAt, at)) {
                            return new Claim.InProgress();
                        }
                        return new Claim.Claimed(at);
                    }
                }
            }
            return new Claim.InProgress();
        }
    }

    /**
     * Stores the response in the caller's transaction; false when the claim was lost (taken over after
     * its lease ran out), in which case the caller must roll back.
     */
    boolean complete(Connection c, String principal, String key, Instant claimedAt, int status, String body,
                     Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE idempotency_keys SET status = 'DONE', response_status = ?, response_body = ?, completed_at = ?
                WHERE principal = ? AND idempotency_key = ? AND status = 'IN_PROGRESS' AND created_at = ?""")) {
            update.setInt(1, status);
            update.setString(2, body);
            update.setTimestamp(3, Timestamp.from(now));
            update.setString(4, principal);
            update.setString(5, key);
            update.setTimestamp(6, Timestamp.from(claimedAt));
            return update.executeUpdate() == 1;
        }
    }

    /** Forgets a claim whose request failed, so the same key can be retried. */
    void release(String principal, String key, Instant claimedAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement("""
                DELETE FROM idempotency_keys
                WHERE principal = ? AND idempotency_key = ? AND status = 'IN_PROGRESS' AND created_at = ?""")) {
            delete.setString(1, principal);
            delete.setString(2, key);
            delete.setTimestamp(3, Timestamp.from(claimedAt));
            delete.executeUpdate();
        }
    }

    /** Deletes keys created before {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        }
    }

    private static boolean insert(Connection c, String principal, String key, byte[] hash, Instant at)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO idempotency_keys (principal, idempotency_key, request_sha256, status, created_at)
                VALUES (?, ?, ?, 'IN_PROGRESS', ?) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, principal);
            insert.setString(2, key);
            insert.setBytes(3, hash);
            insert.setTimestamp(4, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        }
    }

    private static boolean takeOver(Connection c, String principal, String key, Instant previous, Instant at)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE idempotency_keys SET created_at = ?
                WHERE principal = ? AND idempotency_key = ? AND status = 'IN_PROGRESS' AND created_at = ?""")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, principal);
            update.setString(3, key);
            update.setTimestamp(4, Timestamp.from(previous));
            return update.executeUpdate() == 1;
        }
    }
}
