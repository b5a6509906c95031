package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.dashboard.DashboardSnapshot.Backorder;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.CancellationRequest;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.FailedCharge;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.OpenDeadLetter;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.ParkedOrder;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.QuietPrinter;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.QuietPrinters;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.RecentOrder;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.WaitingOrder;
import io.inkflow.dispatcher.order.OrderReason;
import io.inkflow.dispatcher.persistence.OrderFlowMinutes;
import io.inkflow.dispatcher.persistence.OrderStateCounts;
import io.inkflow.schemas.OrderState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only queries behind the order side of the page, against the dispatcher's tables (orders,
 * order_events, inventory, payment_attempts). Every query takes the filter's model list as a bound
 * array (null = all models), so filter values never become SQL text.
 */
final class FlowQueries {
    static final int RECENT_ORDERS = 25;
    static final int FAILED_CHARGES = 20;
    static final int BACKORDER_SKUS = 50;
    /** Rows per list of things waiting for a person (parked, backordered, dead letters) and of quiet printers. */
    static final int ATTENTION_ROWS = 25;

    private static final String MODEL_FILTER = " (?::text[] IS NULL OR o.model = ANY(?::text[])) ";

    private final Connection connection;
    private final List<String> models;

    /** {@code models}: the models admitted by the filter, null for all. */
    FlowQueries(Connection connection, List<String> models) {
        this.connection = connection;
        this.models = models;
    }

    /**
     * Transitions into each state per minute since {@code fromMinute}, {@code minutes} long, oldest first: from the
     * kept per-minute counts rather than the hour's order events.
     */
    Map<OrderState, List<Long>> transitionsPerMinute(Instant fromMinute, int minutes) throws SQLException {
        long first = MinuteCounts.minuteOf(fromMinute);
        Map<OrderState, List<Long>> out = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            out.put(state, new ArrayList<>(Collections.nCopies(minutes, 0L)));
        }
        for (OrderFlowMinutes.Entered row : OrderFlowMinutes.between(connection, models, first, first + minutes)) {
            out.get(row.state()).set((int) (row.minute() - first), row.entered());
        }
        return out;
    }

    /**
     * Transitions into each state since {@code since} (every state present, zero when none). The dashboard's last 60
     * seconds slide across two minutes: the whole minutes from the first after {@code since} on come from the kept
     * per-minute counts, and only the part of {@code since}'s own minute from the events themselves, by the index on
     * {@code occurred_at}, joined to their orders only when a model filter needs the model. Reading the whole
     * minute of events cost 109 ms with a filter and 13.9 ms without at a million events an hour
     * (docs/benchmarks/order-dispatcher.md).
     */
    Map<OrderState, Long> transitionsSince(Instant since) throws SQLException {
        Instant wholeMinutesFrom = since.truncatedTo(ChronoUnit.MINUTES);
        if (wholeMinutesFrom.isBefore(since)) {
            wholeMinutesFrom = wholeMinutesFrom.plus(Duration.ofMinutes(1));
        }
        String sql = models == null
                ? "SELECT to_state, count(*) FROM order_events WHERE occurred_at >= ? AND occurred_at < ? GROUP BY 1"
                : "SELECT e.to_state, count(*) FROM order_events e JOIN orders o ON o.order_id = e.order_id"
                        + " WHERE e.occurred_at >= ? AND e.occurred_at < ? AND" + MODEL_FILTER + " GROUP BY 1";
        Map<OrderState, Long> out;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(2, Timestamp.from(wholeMinutesFrom));
            if (models != null) {
                bindModels(ps, 3);
            }
            out = OrderStateCounts.read(ps);
        }
        for (OrderFlowMinutes.Entered row : OrderFlowMinutes.between(connection, models,
                OrderFlowMinutes.minuteOf(wholeMinutesFrom), Long.MAX_VALUE)) {
            out.merge(row.state(), row.entered(), Long::sum);
        }
        return out;
    }

    /** How many orders are in each state now, from the kept counts rather than a count of every order. */
    Map<OrderState, Long> totalsByState() throws SQLException {
        return OrderStateCounts.byState(connection, models);
    }

    List<Backorder> backordersBySku() throws SQLException {
        String sql = "SELECT o.sku, count(*), min(o.created_at), coalesce(max(i.on_hand), 0), coalesce(max(i.reserved), 0)"
                + " FROM orders o LEFT JOIN inventory i ON i.sku = o.sku"
                + " WHERE o.state = 'BACKORDERED' AND" + MODEL_FILTER
                + " GROUP BY o.sku ORDER BY count(*) DESC, o.sku LIMIT " + BACKORDER_SKUS;
        List<Backorder> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindModels(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Backorder(rs.getString(1), rs.getLong(2), instant(rs, 3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** Orders waiting in PAYMENT_FAILED, newest failure first, with the provider's last decline reason. */
    List<FailedCharge> failedCharges() throws SQLException {
        String sql = "SELECT o.order_id, o.serial, o.model, o.sku, o.account_id, p.amount_cents,"
                + " coalesce(p.decline_reason, o.detail), coalesce(o.payment_failed_at, o.updated_at)"
                + " FROM orders o LEFT JOIN LATERAL (SELECT a.amount_cents, a.decline_reason FROM payment_attempts a"
                + "   WHERE a.order_id = o.order_id AND a.status = 'DECLINED' ORDER BY a.attempt DESC LIMIT 1) p ON true"
                + " WHERE o.state = 'PAYMENT_FAILED' AND" + MODEL_FILTER
                + " ORDER BY 8 DESC LIMIT " + FAILED_CHARGES;
        List<FailedCharge> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindModels(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FailedCharge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), nullableLong(rs, 6), rs.getString(7), instant(rs, 8)));
                }
            }
        }
        return out;
    }

    /** Orders parked for a person, newest first: what the fulfilment team may release. */
    List<ParkedOrder> parkedOrders() throws SQLException {
        String sql = "SELECT o.order_id, o.serial, o.model, o.sku, o.state, o.park_reason, o.detail, o.updated_at"
                + " FROM orders o WHERE o.parked AND" + MODEL_FILTER
                + " ORDER BY o.updated_at DESC, o.order_id LIMIT " + ATTENTION_ROWS;
        List<ParkedOrder> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindModels(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ParkedOrder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            OrderState.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), instant(rs, 8)));
                }
            }
        }
        return out;
    }

    /** Backordered orders, oldest first: what the fulfilment team may cancel on a customer's request. */
    List<WaitingOrder> backorderedOrders() throws SQLException {
        String sql = "SELECT o.order_id, o.serial, o.model, o.sku, o.account_id, o.created_at"
                + " FROM orders o WHERE o.state = 'BACKORDERED' AND" + MODEL_FILTER
                + " ORDER BY o.created_at, o.order_id LIMIT " + ATTENTION_ROWS;
        List<WaitingOrder> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindModels(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WaitingOrder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs, 6)));
                }
            }
        }
        return out;
    }

    /** Customers' open cancellation requests, oldest first: what the fulfilment team approves or declines. */
    List<CancellationRequest> openCancellationRequests() throws SQLException {
        String sql = "SELECT r.request_id, r.order_id, o.sku, r.account_id, o.state, r.reason, r.requested_at"
                + " FROM order_cancellation_requests r JOIN orders o ON o.order_id = r.order_id"
                + " WHERE r.status = 'OPEN' AND" + MODEL_FILTER
                + " ORDER BY r.requested_at, r.request_id LIMIT " + ATTENTION_ROWS;
        List<CancellationRequest> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindModels(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CancellationRequest(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), OrderState.valueOf(rs.getString(5)), rs.getString(6), instant(rs, 7)));
                }
            }
        }
        return out;
    }

    /** Open dead letters, newest first (they name no model, so the filter does not apply). */
    List<OpenDeadLetter> openDeadLetters() throws SQLException {
        String sql = "SELECT id, topic, partition, record_offset, reason, detail, created_at, replay_attempts"
                + " FROM dead_letters WHERE status = 'OPEN' ORDER BY id DESC LIMIT " + ATTENTION_ROWS;
        List<OpenDeadLetter> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new OpenDeadLetter(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), instant(rs, 7), rs.getInt(8)));
            }
        }
        return out;
    }

    /** Active printers marked quiet (their owner was mailed), longest silent first, and how many there are. */
    QuietPrinters quietPrinters() throws SQLException {
        // the enrollment is "o" so that the model filter applies to its model
        String sql = "SELECT s.serial, o.model, o.account_id, s.reported_at, s.quiet_noticed_at, count(*) OVER ()"
                + " FROM printer_status s JOIN enrollments o ON o.enrollment_id = s.enrollment_id AND o.serial = s.serial"
                + " WHERE s.quiet_noticed_at IS NOT NULL AND o.status = 'ACTIVE' AND o.ended_at IS NULL AND"
                + MODEL_FILTER + " ORDER BY s.reported_at, s.serial LIMIT " + ATTENTION_ROWS;
        List<QuietPrinter> out = new ArrayList<>();
        long count = 0;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindModels(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QuietPrinter(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                            instant(rs, 5)));
                    count = rs.getLong(6);
                }
            }
        }
        return new QuietPrinters(count, out);
    }

    /** The orders that changed most recently, with tracking once shipped. */
    List<RecentOrder> recentOrders() throws SQLException {
        // Newest per state through the existing (state, updated_at) index, then merged: no extra index on
        // the hot orders table just for the page.
        String sql = "SELECT r.* FROM unnest(?::text[]) AS s(state) CROSS JOIN LATERAL ("
                + " SELECT o.order_id, o.serial, o.model, o.sku, o.state, o.channel, o.amount_cents,"
                + " o.tracking_number, o.delivery_estimate, o.created_at, o.updated_at, o.trigger,"
                + " o.forecast_days_to_empty"
                + " FROM orders o WHERE o.state = s.state AND" + MODEL_FILTER
                + " ORDER BY o.updated_at DESC LIMIT " + RECENT_ORDERS + ") r"
                + " ORDER BY r.updated_at DESC, r.order_id LIMIT " + RECENT_ORDERS;
        List<RecentOrder> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("text",
                    java.util.Arrays.stream(OrderState.values()).map(Enum::name).toArray()));
            bindModels(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Date estimate = rs.getDate(9);
                    out.add(new RecentOrder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            OrderState.valueOf(rs.getString(5)), rs.getString(6), nullableLong(rs, 7),
                            rs.getString(8), estimate == null ? null : estimate.toLocalDate(), instant(rs, 10),
                            instant(rs, 11), OrderReason.phrase(rs.getString(12), rs.getObject(13, Double.class))));
                }
            }
        }
        return out;
    }

    private void bindModels(PreparedStatement ps, int firstIndex) throws SQLException {
        Array array = models == null ? null : connection.createArrayOf("text", models.toArray());
        ps.setArray(firstIndex, array);
        ps.setArray(firstIndex + 1, array);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
