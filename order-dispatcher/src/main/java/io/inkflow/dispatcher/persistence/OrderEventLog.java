package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.outbox.OutboxWriter;
import io.inkflow.schemas.OrderEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records order events on the caller's transaction, twice in one go: in {@code order_events}, the order
 * history the API and the dashboard read, and in the Kafka outbox for {@code order.events.v1} (keyed by
 * order id), which the outbox relay publishes like every other record the dispatcher publishes.
 */
public final class OrderEventLog {
    private final String topic;

    /** @param topic the order events topic ({@code order.events.v1}) */
    public OrderEventLog(String topic) {
        this.topic = topic;
    }

    public void append(Connection c, List<OrderEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        int n = events.size();
        Object[] eventIds = new Object[n];
        String[] orderIds = new String[n];
        String[] from = new String[n];
        String[] to = new String[n];
        Long[] amounts = new Long[n];
        String[] tracking = new String[n];
        String[] details = new String[n];
        Timestamp[] occurred = new Timestamp[n];
        List<OutboxWriter.Entry> outbox = new ArrayList<>(n);
        Instant now = null;
        for (int i = 0; i < n; i++) {
            OrderEvent e = events.get(i);
            eventIds[i] = java.util.UUID.fromString(e.eventId());
            orderIds[i] = e.orderId();
            from[i] = e.fromState() == null ? null : e.fromState().name();
            to[i] = e.toState().name();
            amounts[i] = e.amountCents();
            tracking[i] = e.trackingNumber();
            details[i] = e.detail();
            occurred[i] = Timestamp.from(e.occurredAt());
            outbox.add(new OutboxWriter.Entry(e.orderId(), e));
            now = e.occurredAt();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, amount_cents, tracking_number,
                                          detail, occurred_at)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[],
                                     ?::timestamptz[])""")) {
            ps.setArray(1, c.createArrayOf("uuid", eventIds));
            ps.setArray(2, c.createArrayOf("text", orderIds));
            ps.setArray(3, c.createArrayOf("text", from));
            ps.setArray(4, c.createArrayOf("text", to));
            ps.setArray(5, c.createArrayOf("int8", amounts));
            ps.setArray(6, c.createArrayOf("text", tracking));
            ps.setArray(7, c.createArrayOf("text", details));
            ps.setArray(8, c.createArrayOf("timestamptz", occurred));
            ps.executeUpdate();
        }
        OutboxWriter.appendAll(c, topic, outbox, now);
    }
}
