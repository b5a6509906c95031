package io.inkflow.dispatcher.notify;

import io.inkflow.dispatcher.persistence.AccountReader;
import io.inkflow.dispatcher.persistence.AccountReader.Contact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Writes notifications into the outbox table {@code notifications} on the CALLER's connection, so they
 * commit or roll back with the change that caused them. Rendered at write time with the account's
 * current name and e-mail; {@code dedupeKey} turns a replayed cause into a no-op.
 *
 * <p>Public for the account API too (for example the plan-cancelled message in its own transaction).
 */
public final class NotificationOutbox {
    private final TemplateRenderer renderer;
    private final AccountReader accounts;
    private final Clock clock;

    public NotificationOutbox(TemplateRenderer renderer, AccountReader accounts, Clock clock) {
        this.renderer = renderer;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * One notification to write.
     *
     * @param dedupeKey unique per cause, for example {@code shipment:<orderId>}
     * @param values    template values; {@code name} is filled from the account when absent
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

    /** Writes many notifications with one account lookup. */
    public void enqueueAll(Connection c, List<Request> requests) throws SQLException {
        if (requests.isEmpty()) {
            return;
        }
        Set<String> accountIds = new LinkedHashSet<>();
        for (Request r : requests) {
            if (r.accountId() != null) {
                accountIds.add(r.accountId());
            }
        }
        Map<String, Contact> contacts = accounts.contacts(c, accountIds);
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notifications (notification_id, dedupe_key, kind, account_id, order_id, recipient,
                                           subject, body, status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING""")) {
            for (Request r : requests) {
                Contact contact = r.accountId() == null ? null : contacts.get(r.accountId());
                Map<String, String> values = new HashMap<>(r.values());
                values.putIfAbsent("name", contact == null ? "customer" : contact.name());
                TemplateRenderer.Message message = renderer.render(r.kind(), values);
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, r.dedupeKey());
                ps.setString(3, r.kind().name());
                ps.setString(4, r.accountId());
                ps.setString(5, r.orderId());
                ps.setString(6, contact == null ? null : contact.email());
                ps.setString(7, message.subject());
                ps.setString(8, message.body());
                ps.setTimestamp(9, Timestamp.from(now));
                ps.setTimestamp(10, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
