package io.inkflow.dispatcher.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.Json;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the notification outbox: claims due rows with {@code FOR UPDATE SKIP LOCKED} (concurrent
 * dispatchers take disjoint rows) together with the account's current name and e-mail and its opt-outs,
 * renders them, and hands them to the mailer in the transaction that marks them sent. Optional mail the
 * account opted out of is marked SKIPPED, visibly; service mail always goes. A failed delivery is retried
 * with a growing delay and parked after {@code maxAttempts}; a mail that cannot be rendered or addressed is
 * parked at once (retrying cannot help).
 */
public final class NotificationDeliverer {
    private static final Logger log = LoggerFactory.getLogger(NotificationDeliverer.class);
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() { };

    private final Tx tx;
    private final Mailer mailer;
    private final MailRenderer renderer;
    private final UnsubscribeLinks links;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final DispatcherMetrics metrics;

    public NotificationDeliverer(Tx tx, Mailer mailer, MailRenderer renderer, UnsubscribeLinks links, Clock clock,
                                 int batchSize, int maxAttempts, Duration retryBackoff, DispatcherMetrics metrics) {
        this.tx = tx;
        this.mailer = mailer;
        this.renderer = renderer;
        this.links = links;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
        this.metrics = metrics;
    }

    /** A claimed row with what delivery needs. {@code values} is null for a row written before V31. */
    private record Claimed(UUID id, NotificationKind kind, String accountId, String orderId, Map<String, String> values,
                           String storedSubject, String storedBody, int attempts, String email, String name,
                           boolean optedOut) {
    }

    /** What one batch did, counted and logged once its transaction committed. */
    private record Outcome(Claimed notification, Status status, String error) {
    }

    private enum Status { SENT, SKIPPED, RETRY, PARKED }

    /** Delivers one batch; returns how many notifications were handled (sent, skipped, retried or parked). */
    public int deliverBatch() {
        List<Outcome> outcomes = tx.run(this::deliver);
        for (Outcome o : outcomes) {
            switch (o.status()) {
                case SENT -> metrics.recordNotificationDelivered(o.notification().kind(), mailer.channel());
                case SKIPPED -> metrics.recordNotificationSkipped(o.notification().kind());
                case RETRY -> {
                    metrics.recordNotificationFailed(o.notification().kind());
                    log.warn("Notification delivery failed, will retry [notificationId={}, kind={}, attempts={}, "
                            + "error={}]", o.notification().id(), o.notification().kind(),
                            o.notification().attempts() + 1, o.error());
                }
                case PARKED -> {
                    metrics.recordNotificationParked(o.notification().kind());
                    log.error("Notification parked, a person must look [notificationId={}, kind={}, error={}]",
                            o.notification().id(), o.notification().kind(), o.error());
                }
            }
        }
        return outcomes.size();
    }

    private List<Outcome> deliver(Connection c) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        List<OutgoingMail> mails = new ArrayList<>();
        List<Claimed> sending = new ArrayList<>();
        for (Claimed n : claim(c)) {
            if (n.kind().optional() && n.optedOut()) {
                outcomes.add(new Outcome(n, Status.SKIPPED, "the account opted out of " + n.kind()));
            } else if (n.email() == null && mailer.requiresRecipient()) {
                outcomes.add(new Outcome(n, Status.PARKED, "no recipient: the account does not exist"));
            } else {
                try {
                    mails.add(render(n));
                    sending.add(n);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    outcomes.add(new Outcome(n, Status.PARKED, "cannot render: " + e.getMessage()));
                }
            }
        }
        Map<UUID, String> failures = mails.isEmpty() ? Map.of() : mailer.deliverAll(c, mails);
        for (Claimed n : sending) {
            String error = failures.get(n.id());
            outcomes.add(error == null ? new Outcome(n, Status.SENT, null)
                    : new Outcome(n, n.attempts() + 1 >= maxAttempts ? Status.PARKED : Status.RETRY, error));
        }
        record(c, outcomes);
        return outcomes;
    }

    private OutgoingMail render(Claimed n) {
        URI unsubscribe = n.kind().optional() && n.accountId() != null ? links.link(n.accountId(), n.kind()) : null;
        MailRenderer.Rendered content = n.values() == null
                ? new MailRenderer.Rendered(n.storedSubject(), n.storedBody(), null)
                : renderer.render(n.kind(), n.values(), n.name() == null ? "customer" : n.name(), unsubscribe);
        return new OutgoingMail(n.id(), n.kind(), n.accountId(), n.orderId(), n.email(), content, unsubscribe);
    }

    private List<Claimed> claim(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH due AS (
                    SELECT notification_id FROM notifications WHERE status = 'PENDING' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                SELECT n.notification_id, n.kind, n.account_id, n.order_id, n.template_values::text, n.subject, n.body,
                       n.attempts, coalesce(a.email, n.recipient) AS email, a.name,
                       EXISTS (SELECT 1 FROM email_opt_outs o WHERE o.account_id = n.account_id
                               AND o.scope IN (n.kind, 'ALL_OPTIONAL')) AS opted_out
                FROM due JOIN notifications n ON n.notification_id = due.notification_id
                LEFT JOIN accounts a ON a.account_id = n.account_id
                ORDER BY n.next_attempt_at""")) {
            // The due rows are picked and locked alone, so the partial index is read in its order and stops at
            // the limit; with the joins in the same query block this claim was the storm's most expensive
            // statement (about 200 ms a claim with tens of thousands of mails pending).
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setInt(2, batchSize);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getObject(1, UUID.class), NotificationKind.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), values(rs.getString(5)), rs.getString(6),
                            rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getBoolean(11)));
                }
            }
            return claimed;
        }
    }

    private void record(Connection c, List<Outcome> outcomes) throws SQLException {
        Instant now = clock.instant();
        List<UUID> sent = new ArrayList<>();
        try (PreparedStatement failed = c.prepareStatement("""
                UPDATE notifications SET status = ?, attempts = attempts + ?, next_attempt_at = ?, last_error = ?
                WHERE notification_id = ?""")) {
            for (Outcome o : outcomes) {
                if (o.status() == Status.SENT) {
                    sent.add(o.notification().id());
                    continue;
                }
                int attempts = o.notification().attempts() + 1;
                failed.setString(1, o.status() == Status.RETRY ? "PENDING" : o.status().name());
                failed.setInt(2, o.status() == Status.SKIPPED ? 0 : 1);
                failed.setTimestamp(3, Timestamp.from(o.status() == Status.RETRY
                        ? now.plus(retryBackoff.multipliedBy(1L << Math.min(attempts, 10))) : now));
                failed.setString(4, o.error());
                failed.setObject(5, o.notification().id());
                failed.addBatch();
            }
            failed.executeBatch();
        }
        if (!sent.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE notifications SET status = 'SENT', sent_at = ?, channel = ?, attempts = attempts + 1
                    WHERE notification_id = ANY (?)""")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, mailer.channel().name());
                ps.setArray(3, c.createArrayOf("uuid", sent.toArray()));
                ps.executeUpdate();
            }
        }
    }

    private static Map<String, String> values(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable notification values", e);
        }
    }
}
