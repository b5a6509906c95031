package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.deadletter.DeadLetterReason;
import io.inkflow.dispatcher.ingest.RecordReader.Read;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.OrderEventLog;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderEvent;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SchemaValidator;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stores a batch of replenishment orders on the consumer's transaction: one multi-row insert that ignores
 * ids already stored (a replay is a no-op), then for the rows that were new their creation event (history
 * and outbox) and order confirmation: one per order, or one per order group once all its orders are stored.
 * The promotion active at the order's creation is attached here.
 *
 * <p>A record that can never be stored comes back as a dead letter: not JSON, against its schema, a model
 * or SKU the catalog does not know, or data PostgreSQL refuses (found by {@link PoisonIsolation}).
 */
public final class OrderBatchWriter implements BatchHandler {
    private static final String INSERT = """
            INSERT INTO orders (order_id, serial, model, series, enrollment_id, account_id, channel, slot, sku, colour,
                                cartridge_id, depletion_cycle, trigger, remaining_percent, threshold_percent,
                                report_sequence, state, promotion_id, promotion_percent, next_attempt_at, created_at,
                                ingested_at, updated_at, forecast_days_to_empty, group_id, group_size)
            SELECT u.order_id, u.serial, u.model, u.series, u.enrollment_id, u.account_id, u.channel, u.slot, u.sku,
                   u.colour, u.cartridge_id, u.depletion_cycle, u.trigger, u.remaining_percent, u.threshold_percent,
                   u.report_sequence, 'PENDING', p.promotion_id, p.percent_off, ?, u.created_at::timestamptz, ?, ?,
                   u.forecast_days_to_empty, u.group_id, u.group_size
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::int[], ?::bigint[],
                        ?::text[], ?::float8[], ?::text[], ?::int[])
                 AS u(order_id, serial, model, series, enrollment_id, account_id, channel, slot, sku, colour,
                      cartridge_id, depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence,
                      created_at, forecast_days_to_empty, group_id, group_size)
            LEFT JOIN LATERAL (
                SELECT pr.promotion_id, pr.percent_off FROM promotions pr
                WHERE (pr.sku = u.sku OR pr.sku IS NULL)
                  AND pr.starts_at <= u.created_at::timestamptz
                  AND (pr.ends_at IS NULL OR pr.ends_at > u.created_at::timestamptz)
                ORDER BY pr.percent_off DESC, pr.promotion_id
                LIMIT 1) p ON true
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id""";

    /** A readable order of a model and SKU the catalog knows. */
    private record Accepted(InboundRecord record, ReplenishmentOrder order) {
        @Override
        public String toString() {
            return record.topic() + "/" + record.partition() + "@" + record.offset() + " order " + order.orderId();
        }
    }

    private final RecordReader<ReplenishmentOrder> reader;
    private final ModelCatalog catalog;
    private final NotificationOutbox notifications;
    private final OrderEventLog events;
    private final Clock clock;
    private final DispatcherMetrics metrics;
    private final GroupConfirmation groupConfirmation;

    public OrderBatchWriter(SchemaValidator validator, ModelCatalog catalog, NotificationOutbox notifications,
                            OrderEventLog events, OrderStore orders, Clock clock, DispatcherMetrics metrics) {
        this.reader = new RecordReader<>(MessageSchema.REPLENISHMENT_ORDER, ReplenishmentOrder.class, validator);
        this.catalog = catalog;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
        this.groupConfirmation = new GroupConfirmation(orders);
    }

    @Override
    public DispatcherMetrics.Source source() {
        return DispatcherMetrics.Source.ORDERS;
    }

    @Override
    public List<DeadLetter> handle(Connection c, List<InboundRecord> records) throws SQLException {
        List<DeadLetter> refused = new ArrayList<>();
        Map<String, Accepted> accepted = new LinkedHashMap<>();
        int readable = 0;
        for (InboundRecord record : records) {
            switch (reader.read(record)) {
                case Read.Refused<ReplenishmentOrder> r -> refused.add(r.letter());
                case Read.Ok<ReplenishmentOrder> ok -> {
                    Optional<DeadLetter> unknown = checkCatalog(ok.record(), ok.message());
                    if (unknown.isPresent()) {
                        refused.add(unknown.get());
                    } else {
                        readable++;
                        accepted.putIfAbsent(ok.message().orderId(), new Accepted(ok.record(), ok.message()));
                    }
                }
            }
        }
        PoisonIsolation.Outcome<Accepted> outcome = PoisonIsolation.write(c, List.copyOf(accepted.values()),
                this::store);
        refused.addAll(outcome.deadLetters(Accepted::record));
        metrics.countIngested(outcome.written(), readable - outcome.written() - outcome.refused().size());
        return refused;
    }

    /**
     * The model must be in the catalog and the SKU one of its supplies: anything else cannot be priced or
     * shipped. A check only: everything stored (series included) comes from the message itself.
     */
    private Optional<DeadLetter> checkCatalog(InboundRecord record, ReplenishmentOrder order) {
        Optional<CatalogEntry> model = catalog.find(order.model());
        if (model.isEmpty()) {
            return Optional.of(RecordReader.letter(record, DeadLetterReason.UNKNOWN_MODEL,
                    "model '" + order.model() + "' is not in the catalog"));
        }
        boolean skuOfModel = model.get().slots().stream().map(CatalogSlot::sku).anyMatch(order.sku()::equals);
        if (!skuOfModel) {
            return Optional.of(RecordReader.letter(record, DeadLetterReason.UNKNOWN_SKU,
                    "SKU '" + order.sku() + "' is not a supply of model " + order.model()));
        }
        return Optional.empty();
    }

    /** Inserts the orders; for the new ones their creation event and confirmation. Returns how many were new. */
    private int store(Connection c, List<Accepted> orders) throws SQLException {
        List<String> inserted = insert(c, orders);
        if (inserted.isEmpty()) {
            return 0;
        }
        Map<String, Accepted> byId = new HashMap<>();
        orders.forEach(a -> byId.put(a.order().orderId(), a));
        Instant now = clock.instant();
        List<NotificationOutbox.Request> confirmations = new ArrayList<>(inserted.size());
        List<OrderEvent> created = new ArrayList<>(inserted.size());
        Set<String> groups = new LinkedHashSet<>();
        for (String orderId : inserted) {
            Accepted a = byId.get(orderId);
            created.add(createdEvent(a, now));
            if (a.order().groupId() == null) {
                confirmations.add(confirmation(a.order()));
            } else {
                groups.add(a.order().groupId());
            }
        }
        events.append(c, created);
        confirmations.addAll(groupConfirmation.ofCompleteGroups(c, groups));
        notifications.enqueueAll(c, confirmations);
        return inserted.size();
    }

    private List<String> insert(Connection c, List<Accepted> orders) throws SQLException {
        int n = orders.size();
        String[][] text = new String[14][n];
        Integer[][] ints = new Integer[4][n];
        Long[] sequences = new Long[n];
        Double[] forecasts = new Double[n];
        for (int i = 0; i < n; i++) {
            ReplenishmentOrder o = orders.get(i).order();
            text[0][i] = o.orderId();
            text[1][i] = o.serial();
            text[2][i] = o.model();
            text[3][i] = o.series().name();
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
            forecasts[i] = o.forecastDaysToEmpty();
            text[13][i] = o.groupId();
            ints[3][i] = o.groupSize();
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
            ps.setArray(p++, c.createArrayOf("text", text[12]));
            ps.setArray(p++, c.createArrayOf("float8", forecasts));
            ps.setArray(p++, c.createArrayOf("text", text[13]));
            ps.setArray(p, c.createArrayOf("int4", ints[3]));
            List<String> inserted = new ArrayList<>(n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            return inserted;
        }
    }

    /** The creation event's id is derived from the order id: a replayed creation is the same event. */
    private static OrderEvent createdEvent(Accepted a, Instant now) {
        ReplenishmentOrder o = a.order();
        String eventId = UUID.nameUUIDFromBytes(("created|" + o.orderId()).getBytes(StandardCharsets.UTF_8)).toString();
        return new OrderEvent(eventId, o.orderId(), o.serial(), o.accountId(), o.model(), o.series(), o.sku(),
                null, OrderState.PENDING, null, null, "ordered", now);
    }

    private static NotificationOutbox.Request confirmation(ReplenishmentOrder o) {
        Map<String, String> values = new HashMap<>();
        values.put("serial", o.serial());
        values.put("model", o.model());
        values.put("colour", o.colour() == null ? o.slot() : o.colour());
        values.put("slot", o.slot());
        values.put("sku", o.sku());
        values.put("orderId", o.orderId());
        return new NotificationOutbox.Request(NotificationKind.ORDER_CONFIRMATION, "order-confirmation:" + o.orderId(),
                o.accountId(), o.orderId(), values);
    }
}
