package io.inkflow.dispatcher.portal.orders;

import io.inkflow.dispatcher.account.Ids;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customers' requests to cancel a backordered order. The customer only asks; the fulfilment team decides
 * (through the JSON API, on their dashboard): approving cancels the order with the order side's command,
 * declining leaves it to ship when stock arrives. At most one open request per order.
 */
public final class CancellationRequests {
    private static final String SELECT = """
            SELECT r.request_id, r.order_id, r.account_id, o.serial, o.sku, o.state, r.reason, r.status, r.requested_at,
                   r.decided_at, r.decided_by, r.decision_note
            FROM order_cancellation_requests r JOIN orders o ON o.order_id = r.order_id""";

    private final NotificationOutbox notifications;

    public CancellationRequests(NotificationOutbox notifications) {
        this.notifications = notifications;
    }

    /** A request as the fulfilment team sees it, with the order's current state. */
    public record Request(String requestId, String orderId, String accountId, String serial, String sku,
                          String orderState, String reason, String status, Instant requestedAt, Instant decidedAt,
                          String decidedBy, String decisionNote) {
    }

    /** The outcome of a customer's request. */
    public sealed interface Outcome {
        record Requested(String requestId) implements Outcome {
        }

        /** No such order in the account. */
        record NotFound() implements Outcome {
        }

        /** Only a backordered order can be asked to be cancelled. */
        record NotBackordered(String state) implements Outcome {
        }

        record AlreadyRequested() implements Outcome {
        }
    }

    /** Records the customer's request and confirms it by e-mail, in the caller's transaction. */
    public Outcome request(Connection c, String accountId, String orderId, String reason, Instant now)
            throws SQLException {
        String state;
        String sku;
        String serial;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT state, sku, serial FROM orders WHERE order_id = ? AND account_id = ?")) {
            select.setString(1, orderId);
            select.setString(2, accountId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new Outcome.NotFound();
                }
                state = rs.getString(1);
                sku = rs.getString(2);
                serial = rs.getString(3);
            }
        }
        if (!"BACKORDERED".equals(state)) {
            return new Outcome.NotBackordered(state);
        }
        String requestId = Ids.random("ocr");
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO order_cancellation_requests (request_id, order_id, account_id, reason, status, requested_at)
                VALUES (?, ?, ?, ?, 'OPEN', ?) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, requestId);
            insert.setString(2, orderId);
            insert.setString(3, accountId);
            insert.setString(4, reason);
            insert.setTimestamp(5, Timestamp.from(now));
            if (insert.executeUpdate() == 0) {
                return new Outcome.AlreadyRequested();
            }
        }
        notifications.enqueue(c, new NotificationOutbox.Request(NotificationKind.CANCELLATION_REQUESTED,
                "cancellation-requested:" + requestId, accountId, orderId,
                Map.of("orderId", orderId, "sku", sku, "serial", serial)));
        return new Outcome.Requested(requestId);
    }

    /** Requests by status (null: all), oldest first. */
    public List<Request> list(Connection c, String status, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT
                + " WHERE (?::text IS NULL OR r.status = ?) ORDER BY r.requested_at, r.request_id LIMIT ?")) {
            select.setString(1, status);
            select.setString(2, status);
            select.setInt(3, limit);
            List<Request> requests = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    requests.add(read(rs));
                }
            }
            return requests;
        }
    }

    public Optional<Request> find(Connection c, String requestId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT + " WHERE r.request_id = ?")) {
            select.setString(1, requestId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Closes an open request as APPROVED or DECLINED; false when it is not open (any more). */
    public boolean decide(Connection c, String requestId, String status, String decidedBy, String note, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE order_cancellation_requests SET status = ?, decided_at = ?, decided_by = ?, decision_note = ?
                WHERE request_id = ? AND status = 'OPEN'""")) {
            update.setString(1, status);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, decidedBy);
            update.setString(4, note);
            update.setString(5, requestId);
            return update.executeUpdate() == 1;
        }
    }

    private static Request read(ResultSet rs) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Request(rs.getString("request_id"), rs.getString("order_id"), rs.getString("account_id"),
                rs.getString("serial"), rs.getString("sku"), rs.getString("state"), rs.getString("reason"),
                rs.getString("status"), rs.getTimestamp("requested_at").toInstant(),
                decided == null ? null : decided.toInstant(), rs.getString("decided_by"), rs.getString("decision_note"));
    }
}
