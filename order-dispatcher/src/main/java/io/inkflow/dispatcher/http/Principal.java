package io.inkflow.dispatcher.http;

import java.util.Objects;

/**
 * The authenticated caller.
 *
 * @param id        the token id ({@code admin} for the configured admin token); idempotency keys are
 *                  scoped to it
 * @param accountId the account of a CUSTOMER token, null for the other roles
 */
public record Principal(String id, Role role, String accountId) {
    public static final String ADMIN_ID = "admin";

    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        if ((role == Role.CUSTOMER) != (accountId != null)) {
            throw new IllegalArgumentException("exactly CUSTOMER principals carry an account id");
        }
    }

    /** True when this caller may act on the account: its owner or an ADMIN. */
    public boolean mayActOn(String account) {
        return role == Role.ADMIN || (role == Role.CUSTOMER && accountId.equals(account));
    }
}
