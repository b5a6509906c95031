package io.inkflow.dispatcher.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * Delivers into the local {@code mailbox} table, in the same transaction that marks the notification
 * sent: exactly once, and listable by the API.
 */
public final class MailboxMailer implements Mailer {
    private final Clock clock;

    public MailboxMailer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String channel() {
        return "MAILBOX";
    }

    @Override
    public void deliver(Connection c, PendingNotification n) throws SQLException {
        deliverAll(c, List.of(n));
    }

    /** Many notifications in one batched (driver-rewritten multi-row) insert. */
    public void deliverAll(Connection c, List<PendingNotification> notifications) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mailbox (notification_id, account_id, order_id, kind, recipient, subject, body, delivered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING""")) {
            Timestamp now = Timestamp.from(clock.instant());
            for (PendingNotification n : notifications) {
                ps.setObject(1, n.notificationId());
                ps.setString(2, n.accountId());
                ps.setString(3, n.orderId());
                ps.setString(4, n.kind().name());
                ps.setString(5, n.recipient());
                ps.setString(6, n.subject());
                ps.setString(7, n.body());
                ps.setTimestamp(8, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
