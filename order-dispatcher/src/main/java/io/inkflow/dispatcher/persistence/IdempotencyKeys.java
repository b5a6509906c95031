package io.inkflow.dispatcher.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The part of a shared idempotency key that names its members. */
final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    /** A name-based UUID of the members (order id and attempt), independent of their order. */
    static String members(Map<String, Integer> attemptByOrder) {
        StringBuilder name = new StringBuilder();
        new TreeMap<>(attemptByOrder).forEach((orderId, attempt) -> name.append(orderId).append(':').append(attempt)
                .append('|'));
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
