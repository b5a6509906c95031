package io.inkflow.dispatcher.http;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call an endpoint. With {@code accountScoped}, the path names an account ({@code {accountId}})
 * and a CUSTOMER may call it only for its own account: another account answers 404, exactly as an
 * account that does not exist, so a customer learns nothing about other accounts.
 */
public record Access(Set<Role> roles, boolean accountScoped) {
    public Access {
        roles = Set.copyOf(roles);
    }

    public static Access ownerOrAdmin() {
        return new Access(EnumSet.of(Role.CUSTOMER, Role.ADMIN), true);
    }

    public static Access ownerAdminOrFulfilment() {
        return new Access(EnumSet.of(Role.CUSTOMER, Role.FULFILMENT, Role.ADMIN), true);
    }

    public static Access fulfilmentOrAdmin() {
        return new Access(EnumSet.of(Role.FULFILMENT, Role.ADMIN), false);
    }

    public static Access adminOnly() {
        return new Access(EnumSet.of(Role.ADMIN), false);
    }

    /** Any role; the handler narrows (for example the mailbox's accountId query parameter). */
    public static Access anyRole() {
        return new Access(EnumSet.allOf(Role.class), false);
    }
}
