package io.inkflow.dispatcher.http;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Resolves an {@code Authorization: Bearer} token to its principal: the configured admin token, or a
 * token from {@code api_tokens}. Public so other routes on the same server (the dashboard) accept
 * exactly the same tokens.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final DataSource dataSource;
    private final byte[] adminTokenDigest;
    private final ApiTokens tokens;

    Authenticator(DataSource dataSource, String adminToken, ApiTokens tokens) {
        this.dataSource = dataSource;
        this.adminTokenDigest = ApiTokens.sha256(adminToken);
        this.tokens = tokens;
    }

    /** The principal of an {@code Authorization} header value; empty when absent, malformed or unknown. */
    public Optional<Principal> fromHeader(String authorization) throws SQLException {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return fromToken(authorization.substring(BEARER.length()).strip());
    }

    /** The principal of a bare bearer token; empty when unknown or revoked. */
    public Optional<Principal> fromToken(String token) throws SQLException {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        // Digests have equal length, so the comparison takes the same time whatever the token.
        if (MessageDigest.isEqual(adminTokenDigest, ApiTokens.sha256(token))) {
            return Optional.of(new Principal(Principal.ADMIN_ID, Role.ADMIN, null));
        }
        try (Connection c = dataSource.getConnection()) {
            return tokens.find(c, token);
        }
    }
}
