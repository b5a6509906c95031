package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.http.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tickets that open the live stream. A browser's EventSource cannot send an
 * Authorization header, and a bearer token in a URL would end up in access logs and history; so the
 * page trades its token (in a header) for a ticket that is only good for one connection, for seconds.
 */
final class StreamTickets {
    private static final int MAX_OUTSTANDING = 10_000;

    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    StreamTickets(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    record Ticket(String value, Role role, Instant expiresAt) {
    }

    private record Grant(Role role, Instant expiresAt) {
    }

    Ticket issue(Role role) {
        purgeExpired();
        if (grants.size() >= MAX_OUTSTANDING) {
            throw new IllegalStateException("too many outstanding stream tickets");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = clock.instant().plus(ttl);
        grants.put(value, new Grant(role, expiresAt));
        return new Ticket(value, role, expiresAt);
    }

    /** The role the ticket was issued for, if it is known and unexpired; a ticket works once. */
    Optional<Role> redeem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Grant grant = grants.remove(value);
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(grant.role());
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        for (Iterator<Grant> it = grants.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expiresAt())) {
                it.remove();
            }
        }
    }
}
