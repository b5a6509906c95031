package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.AccountStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** ADMIN issues FULFILMENT tokens (and further CUSTOMER tokens) and revokes tokens. */
final class TokenRoutes {
    private final ApiTokens tokens;
    private final AccountStore accounts;

    TokenRoutes(ApiTokens tokens, AccountStore accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    /** {@code apiToken} is shown once; a replay answers null. */
    record Issued(String tokenId, Role role, String accountId, String apiToken) {
        @Override
        public String toString() {
            return "Issued[tokenId=" + tokenId + ", role=" + role + ", apiToken=<redacted>]";
        }
    }

    record Revoked(String tokenId, boolean revoked) {
    }

    void register(Endpoints endpoints) {
        endpoints.post("/api/v1/tokens", Access.adminOnly(), this::issue);
        endpoints.post("/api/v1/tokens/{tokenId}/revoke", Access.adminOnly(), this::revoke);
    }

    private ApiResponse issue(ApiRequest request, Connection c) throws SQLException {
        JsonInput in = request.json();
        in.allowOnly("role", "accountId", "description");
        Role role = in.enumValue("role", true, Role.class);
        String accountId = in.text("accountId", false, 64);
        String description = in.text("description", false, 200);
        if (role == Role.ADMIN) {
            in.error("role", "ADMIN is the configured token only; issue FULFILMENT or CUSTOMER");
        } else if (role == Role.CUSTOMER && accountId == null) {
            in.error("accountId", "is required for a CUSTOMER token");
        } else if (role == Role.FULFILMENT && accountId != null) {
            in.error("accountId", "must be absent for a FULFILMENT token");
        }
        in.validate();
        if (accountId != null && !accounts.exists(c, accountId)) {
            throw ApiProblem.invalid(List.of(new ApiProblem.FieldError("accountId", "no such account")));
        }
        ApiTokens.Issued issued = tokens.issue(c, role, accountId, description, request.now());
        return ApiResponse.createdWithSecret(new Issued(issued.tokenId(), role, accountId, issued.token()),
                new Issued(issued.tokenId(), role, accountId, null));
    }

    private ApiResponse revoke(ApiRequest request, Connection c) throws SQLException {
        String tokenId = request.id("tokenId", "token");
        if (!tokens.revoke(c, tokenId, request.now())) {
            throw ApiProblem.notFound("No live token " + tokenId);
        }
        return ApiResponse.ok(new Revoked(tokenId, true));
    }
}
