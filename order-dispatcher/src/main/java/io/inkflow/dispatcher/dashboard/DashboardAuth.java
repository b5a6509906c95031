package io.inkflow.dispatcher.dashboard;

import java.util.Optional;

/**
 * Resolves a bearer token to its role; empty for an unknown or revoked token. The dispatcher wires the
 * HTTP API's own token check here so the dashboard and the API accept exactly the same tokens.
 */
@FunctionalInterface
public interface DashboardAuth {
    Optional<DashboardRole> roleOf(String bearerToken);
}
