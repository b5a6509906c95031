package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.http.Authenticator;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Resolves a bearer token to its role; empty for an unknown or revoked token. The dispatcher wires the
 * HTTP API's own token check here ({@link #of(Authenticator)}) so the dashboard and the API accept
 * exactly the same tokens.
 */
@FunctionalInterface
public interface DashboardAuth {
    Optional<DashboardRole> roleOf(String bearerToken);

    /** The HTTP API's authenticator: the admin token from the configuration and the api_tokens table. */
    static DashboardAuth of(Authenticator authenticator) {
        return token -> {
            try {
                return authenticator.fromToken(token).map(p -> DashboardRole.valueOf(p.role().name()));
            } catch (SQLException e) {
                // A database outage is a server error, never a "wrong token" answer.
                throw new IllegalStateException("Cannot check the API token", e);
            }
        };
    }
}
