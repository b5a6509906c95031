package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.ReplenishmentOrder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a batch of replenishment orders: one multi-row insert that ignores ids already stored (a replay
 * is a no-op), then the creation event and the order confirmation for the rows that were new, all on the
 * consumer's transaction. The promotion active at the order's creation time is attached here.
 */
public final class OrderBatchWriter implements BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(OrderBatchWriter.class);
    private static final String INSERT = """
            INSERT INTO orders (order_id, serial, model, series, enrollment_id, account_id, channel, slot, sku, colour,
                                cartridge_id, depletion_cycle, trigger, remaining_percent, threshold_percent,
                                report_sequence, state, promotion_id, promotion_percent, next_attempt_at, created_at,
                                ingested_at, updated_at)
            SELECT u.order_id, u.serial, u.model, u.series, u.enrollment_id, u.account_id, u.channel, u.slot, u.sku,
                   u.colour, u.cartridge_id, u.depletion_cycle, u.trigger, u.remaining_percent, u.threshold_percent,
                   u.report_sequence, 'PENDING', p.promotion_id, p.percent_off, ?, u.created_at::timestamptz, ?, ?
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::int[], ?::bigint[], ?::text[])
                 AS u(order_id, serial, model, series, enrollment_id, account_id, channel, slot, sku, colour,
                      cartridge_id, depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence,
                      created_at)
            LEFT JOIN LATERAL (
                SELECT pr.promotion_id, pr.percent_off FROM promotions pr
                WHERE (pr.sku = u.sku OR pr.sku IS NULL)
                  AND pr.starts_at <= u.created_at::timestamptz
                  AND (pr.ends_at IS NULL OR pr.ends_at > u.created_at::timestamptz)
                ORDER BY pr.percent_off DESC, pr.promotion_id
                LIMIT 1) p ON true
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id""";

    private final JsonSerde<ReplenishmentOrder> serde = JsonSerde.of(ReplenishmentOrder.class);
    private final ModelCatalog catalog;
    private final NotificationOutbox notifications;
    private final Clock clock;
    private final Counter ingested;
    private final Counter duplicates;
    private final Counter rejected;
    private final MeterRegistry metrics;

    public OrderBatchWriter(ModelCatalog catalog, NotificationOutbox notifications, Clock clock, MeterRegistry metrics) {
        this.catalog = catalog;
        this.notifications = notifications;
        this.clock = clock;
        this.metrics = metrics;
        this.ingested = metrics.counter("dispatcher.orders.ingested");
        this.duplicates = metrics.counter("dispatcher.orders.duplicates");
        this.rejected = metrics.counter("dispatcher.orders.rejected");
    }

    @Override
    public void handle(Connection c, List<InboundRecord> records) throws SQLException {
        Map<String, ReplenishmentOrder> orders = new LinkedHashMap<>();
        for (InboundRecord record : records) {
            ReplenishmentOrder order = parse(record);
            if (order != null) {
                orders.putIfAbsent(order.orderId(), order);
            }
        }
        if (orders.isEmpty()) {
            return;
        }
        List<String> inserted = insert(c, orders.values());
        duplicates.increment(records.size() - inserted.size());
        if (inserted.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<NotificationOutbox.Request> confirmations = new ArrayList<>(inserted.size());
        List<UUID> eventIds = new ArrayList<>(inserted.size());
        for (String orderId : inserted) {
            eventIds.add(UUID.nameUUIDFromBytes(("created|" + orderId).getBytes(StandardCharsets.UTF_8)));
            confirmations.add(confirmation(orders.get(orderId)));
        }
        OrderStore.insertCreatedEvents(c, inserted, eventIds, "ordered", now);
        notifications.enqueueAll(c, confirmations);
        ingested.increment(inserted.size());
        metrics.counter("dispatcher.orders.state", "state", OrderState.PENDING.name()).increment(inserted.size());
    }

    private ReplenishmentOrder parse(InboundRecord record) {
        try {
            ReplenishmentOrder order = serde.deserialize(record.topic(), record.value());
            if (order == null) {
                throw new IllegalArgumentException("tombstone");
            }
            return order;
        } catch (RuntimeException e) {
            // a bad record must not block the partition: count it, log where it is, move on
            rejected.increment();
            log.warn("Skipping an unreadable order [topic={}, partition={}, offset={}, error={}]",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    private List<String> insert(Connection c, java.util.Collection<ReplenishmentOrder> orders) throws SQLException {
        int n = orders.size();
        String[][] text = new String[13][n];
        Integer[][] ints = new Integer[3][n];
        Long[] sequences = new Long[n];
        int i = 0;
        for (ReplenishmentOrder o : orders) {
            text[0][i] = o.orderId();
            text[1][i] = o.serial();
            text[2][i] = o.model();
            text[3][i] = catalog.find(o.model()).map(CatalogEntry::series).map(Enum::name).orElse(null);
            text[4][i] = o.enrollmentId();
            text[5][i] = o.accountId();
            text[6][i] = o.channel().name();
            text[7][i] = o.slot();
            text[8][i] = o.sku();
            text[9][i] = o.colour();
            text[10][i] = o.cartridgeId();
            text[11][i] = o.trigger().name();
            text[12][i] = o.createdAt().toString();
            ints[0][i] = o.depletionCycle();
            ints[1][i] = o.remainingPercent();
            ints[2][i] = o.thresholdPercent();
            sequences[i] = o.reportSequence();
            i++;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setTimestamp(1, now);
            ps.setTimestamp(2, now);
            ps.setTimestamp(3, now);
            int p = 4;
            for (int col = 0; col <= 10; col++) {
                ps.setArray(p++, c.createArrayOf("text", text[col]));
            }
            ps.setArray(p++, c.createArrayOf("int4", ints[0]));
            ps.setArray(p++, c.createArrayOf("text", text[11]));
            ps.setArray(p++, c.createArrayOf("int4", ints[1]));
            ps.setArray(p++, c.createArrayOf("int4", ints[2]));
            ps.setArray(p++, c.createArrayOf("int8", sequences));
            ps.setArray(p, c.createArrayOf("text", text[12]));
            List<String> inserted = new ArrayList<>(n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            return inserted;
        }
    }

    private static NotificationOutbox.Request confirmation(ReplenishmentOrder o) {
        Map<String, String> values = new HashMap<>();
        values.put("serial", o.serial());
        values.put("model", o.model() == null ? "" : o.model());
        values.put("colour", o.colour() == null ? o.slot() : o.colour());
        values.put("slot", o.slot());
        values.put("sku", o.sku());
        values.put("orderId", o.orderId());
        return new NotificationOutbox.Request(NotificationKind.ORDER_CONFIRMATION, "order-confirmation:" + o.orderId(),
                o.accountId(), o.orderId(), values);
    }
}
