package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.http.OrderViews.Backorder;
import io.inkflow.dispatcher.http.OrderViews.MailboxMessage;
import io.inkflow.dispatcher.http.OrderViews.Minute;
import io.inkflow.dispatcher.http.OrderViews.Order;
import io.inkflow.dispatcher.http.OrderViews.OrderEvent;
import io.inkflow.dispatcher.http.OrderViews.OrderFlow;
import io.inkflow.dispatcher.http.OrderViews.StockLevel;
import io.inkflow.dispatcher.persistence.OrderFlowMinutes;
import io.inkflow.dispatcher.persistence.OrderStateCounts;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only queries of the order side's tables (orders, order_events, inventory, mailbox; migrations
 * V1..V9). Every filter is a bound parameter.
 */
final class OrderQueries {
    private static final String ORDER_COLUMNS = """
            order_id, serial, model, account_id, slot, sku, depletion_cycle, trigger, forecast_days_to_empty, channel,
            state, amount_cents, carrier, tracking_number, delivery_estimate, park_reason, detail, created_at,
            updated_at, group_id, group_size""";

    /** Orders by id after the cursor, filtered by serial and state when given; limit + 1 to detect a next page. */
    List<Order> orders(Connection c, String serial, OrderState state, String after, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + ORDER_COLUMNS + """
                 FROM orders
                WHERE (?::text IS NULL OR serial = ?) AND (?::text IS NULL OR state = ?)
                  AND (?::text IS NULL OR order_id > ?)
                ORDER BY order_id LIMIT ?""")) {
            String stateName = state == null ? null : state.name();
            select.setString(1, serial);
            select.setString(2, serial);
            select.setString(3, stateName);
            select.setString(4, stateName);
            select.setString(5, after);
            select.setString(6, after);
            select.setInt(7, limit);
            return readOrders(select);
        }
    }

    List<Order> accountOrders(Connection c, String accountId, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + ORDER_COLUMNS
                + " FROM orders WHERE account_id = ? ORDER BY created_at DESC, order_id LIMIT ?")) {
            select.setString(1, accountId);
            select.setInt(2, limit);
            return readOrders(select);
        }
    }

    Optional<Order> order(Connection c, String orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + ORDER_COLUMNS
                + " FROM orders WHERE order_id = ?")) {
            select.setString(1, orderId);
            return readOrders(select).stream().findFirst();
        }
    }

    List<OrderEvent> events(Connection c, String orderId) throws SQLException {
        List<OrderEvent> events = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT from_state, to_state, amount_cents, tracking_number, detail, occurred_at
                FROM order_events WHERE order_id = ? ORDER BY id""")) {
            select.setString(1, orderId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new OrderEvent(rs.getString(1), rs.getString(2), nullableLong(rs, 3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return events;
    }

    List<Backorder> backorders(Connection c, int limit) throws SQLException {
        List<Backorder> result = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT order_id, sku, serial, created_at FROM orders WHERE state = 'BACKORDERED'
                ORDER BY created_at, order_id LIMIT ?""")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(new Backorder(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return result;
    }

    List<StockLevel> inventory(Connection c) throws SQLException {
        List<StockLevel> result = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT sku, on_hand, reserved FROM inventory ORDER BY sku");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                result.add(new StockLevel(rs.getString(1), rs.getInt(2), rs.getInt(3)));
            }
        }
        return result;
    }

    /** The 60 whole minutes up to and including the current one. */
    OrderFlow orderFlow(Connection c, Instant now) throws SQLException {
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant from = to.minus(Duration.ofHours(1));
        Map<OrderState, Long> current = OrderStateCounts.byState(c, null);
        Map<Instant, long[]> created = new LinkedHashMap<>();
        Map<Instant, Map<OrderState, Long>> entered = new LinkedHashMap<>();
        for (Instant minute = from; minute.isBefore(to); minute = minute.plus(Duration.ofMinutes(1))) {
            created.put(minute, new long[1]);
            entered.put(minute, OrderStateCounts.zeros());
        }
        for (OrderFlowMinutes.Entered row : OrderFlowMinutes.between(c, null, OrderFlowMinutes.minuteOf(from),
                OrderFlowMinutes.minuteOf(to))) {
            Instant minute = Instant.ofEpochSecond(row.minute() * 60);
            entered.get(minute).put(row.state(), row.entered());
            created.get(minute)[0] += row.created();
        }
        List<Minute> minutes = new ArrayList<>();
        entered.forEach((minute, byState) -> minutes.add(new Minute(minute, created.get(minute)[0], byState)));
        return new OrderFlow(from, to, current, minutes);
    }

    /** Newest first; {@code accountId} null lists every account's messages. */
    List<MailboxMessage> mailbox(Connection c, String accountId, int limit) throws SQLException {
        List<MailboxMessage> result = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT notification_id, account_id, order_id, kind, recipient, subject, body, delivered_at
                FROM mailbox WHERE (?::text IS NULL OR account_id = ?)
                ORDER BY delivered_at DESC, notification_id LIMIT ?""")) {
            select.setString(1, accountId);
            select.setString(2, accountId);
            select.setInt(3, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(new MailboxMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return result;
    }

    private static List<Order> readOrders(PreparedStatement select) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Date estimate = rs.getDate("delivery_estimate");
                orders.add(new Order(rs.getString("order_id"), rs.getString("serial"), rs.getString("model"),
                        rs.getString("account_id"), rs.getString("slot"), rs.getString("sku"),
                        rs.getInt("depletion_cycle"), rs.getString("trigger"),
                        rs.getObject("forecast_days_to_empty", Double.class), rs.getString("channel"),
                        rs.getString("state"), nullableLong(rs, "amount_cents"), rs.getString("carrier"),
                        rs.getString("tracking_number"), estimate == null ? null : estimate.toLocalDate(),
                        rs.getString("park_reason"), rs.getString("detail"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant(), rs.getString("group_id"),
                        rs.getObject("group_size", Integer.class)));
            }
        }
        return orders;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
