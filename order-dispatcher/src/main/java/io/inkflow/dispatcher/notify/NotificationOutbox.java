package io.inkflow.dispatcher.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.schemas.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes notifications into the outbox table {@code notifications} on the CALLER's connection, so they
 * commit or roll back with the change that caused them. Cheap on purpose (the ingest path writes one
 * confirmation per order): kind and template values only, all requests in one statement, no account
 * lookup and no rendering; the deliverer renders with the account's current name and e-mail.
 * {@code dedupeKey} turns a replayed cause into a no-op.
 *
 * <p>Public for the account API too (for example the plan-cancelled message in its own transaction).
 */
public final class NotificationOutbox {
    private final Clock clock;

    public NotificationOutbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * One notification to write.
     *
     * @param dedupeKey unique per cause, for example {@code shipment:<orderId>}
     * @param values    template values; the account's name and e-mail are added at delivery
     */
    public record Request(NotificationKind kind, String dedupeKey, String accountId, String orderId,
                          Map<String, String> values) {
        public Request {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(dedupeKey, "dedupeKey");
            values = Map.copyOf(values);
        }
    }

    public void enqueue(Connection c, Request request) throws SQLException {
        enqueueAll(c, List.of(request));
    }

    /** Writes many notifications in one multi-row statement; a dedupe key already there is skipped. */
    public void enqueueAll(Connection c, List<Request> requests) throws SQLException {
        if (requests.isEmpty()) {
            return;
        }
        int n = requests.size();
        UUID[] ids = new UUID[n];
        String[] dedupeKeys = new String[n];
        String[] kinds = new String[n];
        String[] accountIds = new String[n];
        String[] orderIds = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            Request r = requests.get(i);
            ids[i] = UUID.randomUUID();
            dedupeKeys[i] = r.dedupeKey();
            kinds[i] = r.kind().name();
            accountIds[i] = r.accountId();
            orderIds[i] = r.orderId();
            values[i] = json(r.values());
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notifications (notification_id, dedupe_key, kind, account_id, order_id, template_values,
                                           status, next_attempt_at, created_at)
                SELECT id, dedupe_key, kind, account_id, order_id, template_values::jsonb, 'PENDING', ?, ?
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     AS t(id, dedupe_key, kind, account_id, order_id, template_values)
                ON CONFLICT (dedupe_key) DO NOTHING""")) {
            ps.setTimestamp(1, now);
            ps.setTimestamp(2, now);
            ps.setArray(3, c.createArrayOf("uuid", ids));
            ps.setArray(4, c.createArrayOf("text", dedupeKeys));
            ps.setArray(5, c.createArrayOf("text", kinds));
            ps.setArray(6, c.createArrayOf("text", accountIds));
            ps.setArray(7, c.createArrayOf("text", orderIds));
            ps.setArray(8, c.createArrayOf("text", values));
            ps.executeUpdate();
        }
    }

    private static String json(Map<String, String> values) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot write notification values", e);
        }
    }
}
