package io.inkflow.dispatcher.notify;

import io.inkflow.dispatcher.persistence.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the notification outbox: claims due rows with {@code FOR UPDATE SKIP LOCKED} (concurrent
 * dispatchers take disjoint rows), delivers each and marks it sent in the same transaction. A failed
 * delivery is retried with a growing delay and parked after {@code maxAttempts}, visibly.
 */
public final class NotificationDeliverer {
    private static final Logger log = LoggerFactory.getLogger(NotificationDeliverer.class);

    private final Tx tx;
    private final Mailer mailer;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final MeterRegistry metrics;

    public NotificationDeliverer(Tx tx, Mailer mailer, Clock clock, int batchSize, int maxAttempts,
                                 Duration retryBackoff, MeterRegistry metrics) {
        this.tx = tx;
        this.mailer = mailer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
        this.metrics = metrics;
    }

    /** Delivers one batch; returns how many notifications were handled (sent, retried or parked). */
    public int deliverBatch() {
        return tx.run(c -> {
            List<Claimed> claimed = claim(c);
            if (mailer instanceof MailboxMailer mailbox && !claimed.isEmpty()) {
                // a table insert cannot fail for one row alone: the whole batch in two statements
                List<PendingNotification> all = claimed.stream().map(Claimed::notification).toList();
                mailbox.deliverAll(c, all);
                markSent(c, all);
                all.forEach(n -> metrics.counter("dispatcher.notifications.delivered", "kind", n.kind().name(),
                        "channel", mailer.channel()).increment());
                return claimed.size();
            }
            for (Claimed n : claimed) {
                deliver(c, n);
            }
            return claimed.size();
        });
    }

    private record Claimed(PendingNotification notification, int attempts) {
    }

    private List<Claimed> claim(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT notification_id, kind, account_id, order_id, recipient, subject, body, attempts
                FROM notifications WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setInt(2, batchSize);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(new PendingNotification(rs.getObject(1, UUID.class),
                            NotificationKind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)), rs.getInt(8)));
                }
            }
            return claimed;
        }
    }

    private void deliver(Connection c, Claimed claimed) throws SQLException {
        PendingNotification n = claimed.notification();
        if (n.recipient() == null) {
            park(c, n, "no recipient: the account does not exist");
            return;
        }
        try {
            mailer.deliver(c, n);
            markSent(c, List.of(n));
            metrics.counter("dispatcher.notifications.delivered", "kind", n.kind().name(), "channel", mailer.channel())
                    .increment();
        } catch (IOException | IllegalArgumentException e) {
            int attempts = claimed.attempts() + 1;
            if (attempts >= maxAttempts) {
                park(c, n, e.getMessage());
            } else {
                retryLater(c, n, attempts, e.getMessage());
            }
        }
    }

    private void markSent(Connection c, List<PendingNotification> sent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE notifications SET status = 'SENT', sent_at = ?, channel = ?, attempts = attempts + 1
                WHERE notification_id = ANY (?)""")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, mailer.channel());
            ps.setArray(3, c.createArrayOf("uuid", sent.stream().map(PendingNotification::notificationId).toArray()));
            ps.executeUpdate();
        }
    }

    private void retryLater(Connection c, PendingNotification n, int attempts, String error) throws SQLException {
        Instant next = clock.instant().plus(retryBackoff.multipliedBy(1L << Math.min(attempts, 10)));
        log.warn("Notification delivery failed, will retry [notificationId={}, kind={}, attempts={}, error={}]",
                n.notificationId(), n.kind(), attempts, error);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE notifications SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE notification_id = ?""")) {
            ps.setInt(1, attempts);
            ps.setTimestamp(2, Timestamp.from(next));
            ps.setString(3, error);
            ps.setObject(4, n.notificationId());
            ps.executeUpdate();
        }
        metrics.counter("dispatcher.notifications.failed", "kind", n.kind().name()).increment();
    }

    private void park(Connection c, PendingNotification n, String error) throws SQLException {
        log.error("Notification parked, a person must look [notificationId={}, kind={}, error={}]",
                n.notificationId(), n.kind(), error);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notifications SET status = 'PARKED', last_error = ? WHERE notification_id = ?")) {
            ps.setString(1, error);
            ps.setObject(2, n.notificationId());
            ps.executeUpdate();
        }
        metrics.counter("dispatcher.notifications.parked", "kind", n.kind().name()).increment();
    }
}
