package io.inkflow.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles failed CONNECTs per source address: after {@code maxFailures} failures an address is
 * refused for {@code blockFor} without its password being checked, so guessing is slow and a
 * misconfigured fleet cannot burn the CPU on Argon2. The table is bounded; when full, expired
 * entries are dropped first and, failing that, the table is cleared (failing open on memory,
 * never on authentication).
 */
public final class AuthThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration blockFor;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public AuthThrottle(Clock clock, int maxFailures, Duration blockFor) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.blockFor = blockFor;
    }

    public boolean blocked(String address) {
        Failures entry = failures.get(address);
        return entry != null && entry.count >= maxFailures && clock.instant().isBefore(entry.since.plus(blockFor));
    }

    public void recordFailure(String address) {
        if (failures.size() >= MAX_TRACKED) {
            prune();
        }
        Instant now = clock.instant();
        failures.compute(address, (key, entry) -> {
            if (entry == null || !now.isBefore(entry.since.plus(blockFor))) {
                return new Failures(1, now);
            }
            return new Failures(entry.count + 1, entry.count + 1 >= maxFailures ? now : entry.since);
        });
    }

    public void recordSuccess(String address) {
        failures.remove(address);
    }

    private void prune() {
        Instant now = clock.instant();
        failures.values().removeIf(entry -> !now.isBefore(entry.since.plus(blockFor)));
        if (failures.size() >= MAX_TRACKED) {
            failures.clear();
        }
    }

    private record Failures(int count, Instant since) {
    }
}
