package io.inkflow.dispatcher.portal.orders;

import io.inkflow.dispatcher.order.OrderReason;
import io.inkflow.dispatcher.portal.view.OrderLine;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A customer's orders, with the carrier of their shipment and the state of their cancellation request. */
public final class CustomerOrders {
    private static final String SELECT = """
            SELECT o.order_id, o.enrollment_id, o.serial, o.model, o.colour, o.sku, o.channel, o.state, o.amount_cents,
                   sh.carrier, o.tracking_number, o.delivery_estimate, o.created_at, r.status AS request_status,
                   o.trigger, o.forecast_days_to_empty, o.group_size
            FROM orders o
            LEFT JOIN shipments sh ON sh.order_id = o.order_id
            LEFT JOIN LATERAL (SELECT status FROM order_cancellation_requests q WHERE q.order_id = o.order_id
                               ORDER BY q.requested_at DESC LIMIT 1) r ON true
            WHERE o.account_id = ?""";

    private final ModelCatalog catalog;

    public CustomerOrders(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Newest first. */
    public List<OrderLine> list(Connection c, String accountId, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT
                + " ORDER BY o.created_at DESC, o.order_id LIMIT ?")) {
            select.setString(1, accountId);
            select.setInt(2, limit);
            return read(select, null);
        }
    }

    /** The account's order, empty for an unknown id or another account's order. */
    public Optional<OrderLine> find(Connection c, String accountId, String orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT + " AND o.order_id = ?")) {
            select.setString(1, accountId);
            select.setString(2, orderId);
            return read(select, null).stream().findFirst();
        }
    }

    /** The newest order of each of the account's enrollments, by enrollment id. */
    public Map<String, OrderLine> lastPerEnrollment(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT ON (x.enrollment_id) x.* FROM ("
                + SELECT + ") x ORDER BY x.enrollment_id, x.created_at DESC, x.order_id")) {
            select.setString(1, accountId);
            Map<String, OrderLine> byEnrollment = new HashMap<>();
            read(select, byEnrollment);
            return byEnrollment;
        }
    }

    private List<OrderLine> read(PreparedStatement select, Map<String, OrderLine> byEnrollment) throws SQLException {
        List<OrderLine> lines = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long amount = rs.getLong("amount_cents");
                Long amountCents = rs.wasNull() ? null : amount;
                Date estimate = rs.getDate("delivery_estimate");
                String model = rs.getString("model");
                OrderLine line = new OrderLine(rs.getString("order_id"), rs.getString("serial"),
                        catalog.find(model).map(CatalogEntry::displayName).orElse(model), rs.getString("colour"),
                        rs.getString("sku"), rs.getString("channel"), rs.getString("state"), amountCents,
                        rs.getString("carrier"), rs.getString("tracking_number"),
                        estimate == null ? null : estimate.toLocalDate(), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("request_status"), OrderReason.phrase(rs.getString("trigger"),
                        rs.getObject("forecast_days_to_empty", Double.class)), rs.getObject("group_size", Integer.class));
                lines.add(line);
                if (byEnrollment != null) {
                    byEnrollment.put(rs.getString("enrollment_id"), line);
                }
            }
        }
        return lines;
    }
}
