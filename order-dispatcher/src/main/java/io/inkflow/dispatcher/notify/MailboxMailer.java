package io.inkflow.dispatcher.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox mailer: delivers into the local {@code mailbox} table (subject and text part), in the same
 * transaction that marks the notifications sent: exactly once, and listable by the API.
 */
public final class MailboxMailer implements Mailer {
    private final Clock clock;

    public MailboxMailer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public MailChannel channel() {
        return MailChannel.MAILBOX;
    }

    @Override
    public boolean requiresRecipient() {
        return false;
    }

    /** All mails in one batched (driver-rewritten multi-row) insert; a table insert cannot fail for one alone. */
    @Override
    public Map<UUID, String> deliverAll(Connection c, List<OutgoingMail> mails) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mailbox (notification_id, account_id, order_id, kind, recipient, subject, body, delivered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING""")) {
            Timestamp now = Timestamp.from(clock.instant());
            for (OutgoingMail mail : mails) {
                ps.setObject(1, mail.notificationId());
                ps.setString(2, mail.accountId());
                ps.setString(3, mail.orderId());
                ps.setString(4, mail.kind().name());
                ps.setString(5, mail.recipient());
                ps.setString(6, mail.content().subject());
                ps.setString(7, mail.content().text());
                ps.setTimestamp(8, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return Map.of();
    }
}
