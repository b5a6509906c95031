package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Bearer tokens kept as SHA-256 digests. A token is {@code ifk_} and 256 random bits: too much entropy
 * to guess, so a fast digest is enough and lets a request find its token with one index lookup.
 */
final class ApiTokens {
    private static final String PREFIX = "ifk_";
    private final SecureRandom random = new SecureRandom();

    /** A token as issued: {@code token} is shown to the caller once and never stored. */
    record Issued(String tokenId, String token) {
        @Override
        public String toString() {
            return "Issued[tokenId=" + tokenId + ", token=<redacted>]";
        }
    }

    Issued issue(Connection c, Role role, String accountId, String description, Instant now) throws SQLException {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String tokenId = Ids.random("tok");
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO api_tokens (token_id, token_sha256, role, account_id, description, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, tokenId);
            insert.setBytes(2, sha256(token));
            insert.setString(3, role.name());
            insert.setString(4, accountId);
            insert.setString(5, description);
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
        return new Issued(tokenId, token);
    }

    /** The principal of a live token; empty for unknown or revoked tokens. */
    Optional<Principal> find(Connection c, String token) throws SQLException {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT token_id, role, account_id FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            select.setBytes(1, sha256(token));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3)));
            }
        }
    }

    /** Revokes a token; false when there is no such live token. */
    boolean revoke(Connection c, String tokenId, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE api_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, tokenId);
            return update.executeUpdate() == 1;
        }
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
