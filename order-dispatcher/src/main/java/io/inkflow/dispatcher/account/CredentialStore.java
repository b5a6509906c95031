package io.inkflow.dispatcher.account;

import io.inkflow.dispatcher.outbox.OutboxWriter;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Device credentials (Argon2id hashes only) of printers, each change also appended to the outbox for
 * {@link Topics#CREDENTIALS} keyed by serial. The caller holds the printer row lock.
 */
final class CredentialStore {

    /** Stores a new ACTIVE credential of the enrollment (revoke the previous one first). */
    void issue(Connection c, String serial, String enrollmentId, String secretHash, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO device_credentials (credential_id, serial, enrollment_id, secret_hash, status, created_at)
                VALUES (?, ?, ?, ?, 'ACTIVE', ?)""")) {
            insert.setString(1, Ids.random("cred"));
            insert.setString(2, serial);
            insert.setString(3, enrollmentId);
            insert.setString(4, secretHash);
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
        OutboxWriter.append(c, Topics.CREDENTIALS, serial,
                new DeviceCredential(serial, secretHash, CredentialStatus.ACTIVE, now), now);
    }

    /**
     * Revokes the serial's active credential and publishes the revocation, so the gateway closes a live
     * connection made with it even when a new credential for the serial follows.
     */
    void revoke(Connection c, String serial, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE device_credentials SET status = 'REVOKED', revoked_at = ?
                WHERE serial = ? AND status = 'ACTIVE' RETURNING secret_hash""")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, serial);
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    OutboxWriter.append(c, Topics.CREDENTIALS, serial,
                            new DeviceCredential(serial, rs.getString(1), CredentialStatus.REVOKED, now), now);
                }
            }
        }
    }
}
