package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.order.OrderStateMachine;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.OrderEvent;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Order rows: locking, state transitions (each with its order event, recorded in the history and the
 * Kafka outbox), the work leases that keep concurrent dispatchers on disjoint orders, failures and
 * parking. Most operations take many orders at once: fulfilment moves orders in batches, one statement
 * per kind of change.
 */
public final class OrderStore {
    private final OrderEventLog events;
    private final DispatcherMetrics metrics;

    public OrderStore(OrderEventLog events, DispatcherMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    /** A transient failure of one order, for {@link #recordFailures}: what failed and when to try again. */
    public record Failure(String detail, Instant nextAttemptAt) {
    }

    /**
     * A transition of one order, for {@link #transitionAll}.
     *
     * @param releaseLease give the order's lease back in the same update (nothing left to do for now)
     */
    public record Change(StoredOrder order, Transition transition, boolean releaseLease) {
        public Change(StoredOrder order, Transition transition) {
            this(order, transition, false);
        }
    }

    /** Locks the order row until the transaction ends; empty when no such order. */
    public Optional<StoredOrder> lock(Connection c, String orderId) throws SQLException {
        return one(c, "SELECT " + StoredOrder.COLUMNS + " FROM orders WHERE order_id = ? FOR UPDATE", orderId);
    }

    /** Reads the order without locking it. */
    public Optional<StoredOrder> find(Connection c, String orderId) throws SQLException {
        return one(c, "SELECT " + StoredOrder.COLUMNS + " FROM orders WHERE order_id = ?", orderId);
    }

    /** Those of these groups that have a BACKORDERED order. */
    public Set<String> groupsWithBackorders(Connection c, Collection<String> groupIds) throws SQLException {
        Set<String> groups = new HashSet<>();
        if (groupIds.isEmpty()) {
            return groups;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT group_id FROM orders WHERE group_id = ANY (?) AND state = 'BACKORDERED'")) {
            ps.setArray(1, c.createArrayOf("text", groupIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.add(rs.getString(1));
                }
            }
        }
        return groups;
    }

    /**
     * The BACKORDERED orders of the groups of these orders whose SKU has a free unit now, locked, oldest first:
     * a restock that releases one order of a group that waited releases the others it waited with.
     */
    public List<String> lockWaitingSiblings(Connection c, Collection<String> orderIds) throws SQLException {
        List<String> ids = new ArrayList<>();
        if (orderIds.isEmpty()) {
            return ids;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT o.order_id FROM orders o JOIN inventory i ON i.sku = o.sku
                WHERE o.state = 'BACKORDERED' AND i.on_hand > i.reserved
                  AND o.group_id IN (SELECT group_id FROM orders WHERE order_id = ANY (?) AND group_id IS NOT NULL)
                ORDER BY o.created_at, o.order_id FOR UPDATE OF o""")) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** The orders of each of these groups that has all its orders stored, by group id. */
    public Map<String, List<StoredOrder>> completeGroups(Connection c, Collection<String> groupIds)
            throws SQLException {
        Map<String, List<StoredOrder>> groups = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return groups;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + StoredOrder.COLUMNS + """
                 FROM orders WHERE group_id IN (SELECT group_id FROM orders WHERE group_id = ANY (?)
                                                GROUP BY group_id HAVING count(*) >= max(group_size))
                ORDER BY group_id, order_id""")) {
            ps.setArray(1, c.createArrayOf("text", groupIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredOrder order = StoredOrder.read(rs);
                    groups.computeIfAbsent(order.groupId(), g -> new ArrayList<>()).add(order);
                }
            }
        }
        return groups;
    }

    /**
     * Locks those of the orders that {@code owner} still leases, in order id order (every locker of many
     * orders takes them in the same order, so two of them never deadlock).
     */
    public List<StoredOrder> lockLeased(Connection c, Collection<String> orderIds, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + StoredOrder.COLUMNS
                + " FROM orders WHERE order_id = ANY (?) AND lease_owner = ? ORDER BY order_id FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray()));
            ps.setString(2, owner);
            List<StoredOrder> orders = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(StoredOrder.read(rs));
                }
            }
            return orders;
        }
    }

    /** A claimed order; {@code newlyReserved}: marked as holding a unit by this claim (reserve it now). */
    public record Claimed(String orderId, String sku, Instant createdAt, boolean newlyReserved, String groupId,
                          OrderState state, Channel channel) {
        /** A PENDING Canon order: it holds a stock unit from the claim on, unless the stock does not reach it. */
        public boolean needsStock() {
            return state == OrderState.PENDING && channel == Channel.CANON;
        }
    }

    /**
     * How long the first orders of an order group wait for the rest before they go on alone: a group's records
     * arrive together, so this only matters when one of them was set aside as a dead letter.
     */
    static final Duration GROUP_ASSEMBLY = Duration.ofMinutes(1);

    /**
     * Claims up to {@code limit} orders that have work to do (PENDING or CHARGED, due, not parked, lease
     * free or expired) for {@code owner}. SKIP LOCKED lets concurrent claimers pass each other instead of
     * queueing, and the lease keeps the order with its owner between the steps' transactions. A PENDING
     * Canon order without a unit is marked as holding one in the same statement: the caller reserves the
     * units in this transaction and takes the mark back from those the stock does not reach.
     */
    public List<Claimed> claim(Connection c, String owner, Instant now, Duration lease, int limit) throws SQLException {
        List<Claimed> claimed = claimWhere(c, owner, now, lease, limit, """
                AND (group_id IS NULL OR ingested_at < ?
                     OR (SELECT count(*) FROM orders g WHERE g.group_id = orders.group_id) >= group_size)""",
                Timestamp.from(now.minus(GROUP_ASSEMBLY)));
        Set<String> groups = new LinkedHashSet<>();
        claimed.stream().map(Claimed::groupId).filter(Objects::nonNull).forEach(groups::add);
        if (groups.isEmpty()) {
            return claimed;
        }
        // the rest of each group, also due: its orders make one charge and one parcel only when in one batch
        List<Claimed> all = new ArrayList<>(claimed);
        all.addAll(claimWhere(c, owner, now, lease, Integer.MAX_VALUE, "AND group_id = ANY (?)",
                c.createArrayOf("text", groups.toArray())));
        return all;
    }

    private List<Claimed> claimWhere(Connection c, String owner, Instant now, Duration lease, int limit, String filter,
                                     Object filterValue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders o SET lease_owner = ?, lease_until = ?,
                       stock_reserved = o.stock_reserved OR (o.state = 'PENDING' AND o.channel = 'CANON')
                FROM (SELECT order_id, stock_reserved AS was_reserved FROM orders
                      WHERE state IN ('PENDING', 'CHARGED') AND NOT parked AND next_attempt_at <= ?
                        AND (lease_until IS NULL OR lease_until < ?)
                        %s
                      ORDER BY next_attempt_at
                      LIMIT ?
                      FOR UPDATE SKIP LOCKED) s
                WHERE o.order_id = s.order_id
                RETURNING o.order_id, o.sku, o.created_at, o.stock_reserved AND NOT s.was_reserved, o.group_id,
                          o.state, o.channel"""
                .formatted(filter))) {
            ps.setString(1, owner);
            ps.setTimestamp(2, Timestamp.from(now.plus(lease)));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setObject(5, filterValue);
            ps.setInt(6, limit);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getBoolean(4), rs.getString(5), OrderState.valueOf(rs.getString(6)),
                            Channel.valueOf(rs.getString(7))));
                }
            }
            return claimed;
        }
    }

    /** Gives the orders back: no lease, due again at {@code nextAttemptAt}. */
    public void release(Connection c, Collection<String> orderIds, String owner, Instant nextAttemptAt)
            throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ?
                WHERE order_id = ANY (?) AND lease_owner = ?""")) {
            ps.setTimestamp(1, Timestamp.from(nextAttemptAt));
            ps.setArray(2, c.createArrayOf("text", orderIds.toArray()));
            ps.setString(3, owner);
            ps.executeUpdate();
        }
    }

    /**
     * Counts a transient failure of each order (id to what failed) and schedules its next try; an order
     * failing for the {@code maxFailures}-th time is parked for a person. Returns the ids parked now.
     */
    public List<String> recordFailures(Connection c, Map<String, Failure> failures, String owner, int maxFailures,
                                       Instant now) throws SQLException {
        if (failures.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders o SET failures = o.failures + 1, parked = (o.failures + 1 >= ?),
                       park_reason = CASE WHEN o.failures + 1 >= ? THEN 'REPEATED_FAILURES' END, detail = u.detail,
                       lease_owner = NULL, lease_until = NULL, next_attempt_at = u.next_attempt_at, updated_at = ?
                FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS u(order_id, detail, next_attempt_at)
                WHERE o.order_id = u.order_id AND o.lease_owner = ?
                RETURNING o.order_id, o.parked""")) {
            ps.setInt(1, maxFailures);
            ps.setInt(2, maxFailures);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setArray(4, c.createArrayOf("text", failures.keySet().toArray()));
            ps.setArray(5, c.createArrayOf("text", failures.values().stream().map(Failure::detail).toArray()));
            ps.setArray(6, c.createArrayOf("timestamptz",
                    failures.values().stream().map(f -> Timestamp.from(f.nextAttemptAt())).toArray()));
            ps.setString(7, owner);
            List<String> parked = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        parked.add(rs.getString(1));
                        metrics.countParked(ParkReason.REPEATED_FAILURES);
                    }
                }
            }
            return parked;
        }
    }

    /** Parks the order for a person with the reason, and gives up its lease. False when no such unparked order. */
    public boolean park(Connection c, String orderId, ParkReason reason, String detail, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET parked = true, park_reason = ?, detail = ?, lease_owner = NULL, lease_until = NULL,
                       updated_at = ?
                WHERE order_id = ? AND NOT parked""")) {
            ps.setString(1, reason.name());
            ps.setString(2, detail);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, orderId);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        metrics.countParked(reason);
        return true;
    }

    /** Makes a parked order due at once, its failure count reset; the caller checked that it is parked. */
    public void unpark(Connection c, String orderId, String detail, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET parked = false, park_reason = NULL, failures = 0, detail = ?, next_attempt_at = ?,
                       updated_at = ?
                WHERE order_id = ?""")) {
            ps.setString(1, detail);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, orderId);
            ps.executeUpdate();
        }
    }

    public void setStockReserved(Connection c, Collection<String> orderIds, boolean reserved, Instant now)
            throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE orders SET stock_reserved = ?, updated_at = ? WHERE order_id = ANY (?)")) {
            ps.setBoolean(1, reserved);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setArray(3, c.createArrayOf("text", orderIds.toArray()));
            ps.executeUpdate();
        }
    }

    /** Applies one transition to a row locked by this transaction; see {@link #transitionAll}. */
    public void transition(Connection c, StoredOrder order, Transition transition, Instant now) throws SQLException {
        transitionAll(c, List.of(new Change(order, transition)), now);
    }

    /**
     * Applies transitions to rows locked by this transaction: checks each against the rules, updates the
     * rows in one statement and records one order event per change (a fresh event id consumers dedupe on).
     */
    public void transitionAll(Connection c, List<Change> changes, Instant now) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        int n = changes.size();
        String[] ids = new String[n];
        String[] states = new String[n];
        String[] details = new String[n];
        Long[] amounts = new Long[n];
        String[] tracking = new String[n];
        String[] carriers = new String[n];
        Date[] estimates = new Date[n];
        Integer[] attemptIncrements = new Integer[n];
        Boolean[] releases = new Boolean[n];
        List<OrderEvent> recorded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StoredOrder order = changes.get(i).order();
            Transition transition = changes.get(i).transition();
            OrderState to = OrderStateMachine.apply(order.state(), transition);
            ids[i] = order.orderId();
            states[i] = to.name();
            details[i] = transition.detail();
            // a retried payment is a new attempt with a new idempotency key; the declined one stays declined
            attemptIncrements[i] = transition instanceof Transition.RetryPayment ? 1 : 0;
            releases[i] = changes.get(i).releaseLease();
            switch (transition) {
                case Transition.Charge charge -> amounts[i] = charge.amountCents();
                case Transition.Ship ship -> {
                    tracking[i] = ship.trackingNumber();
                    carriers[i] = ship.carrier();
                    estimates[i] = Date.valueOf(ship.deliveryEstimate());
                }
                default -> {
                }
            }
            recorded.add(new OrderEvent(UUID.randomUUID().toString(), order.orderId(), order.serial(),
                    order.accountId(), order.model(), order.series(), order.sku(), order.state(), to, amounts[i],
                    tracking[i], details[i], now));
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders o SET state = u.state, updated_at = ?, detail = u.detail, failures = 0,
                       amount_cents = COALESCE(u.amount, o.amount_cents),
                       tracking_number = COALESCE(u.tracking, o.tracking_number),
                       carrier = COALESCE(u.carrier, o.carrier),
                       delivery_estimate = COALESCE(u.estimate, o.delivery_estimate),
                       payment_failed_at = CASE WHEN u.state = 'PAYMENT_FAILED' THEN ?::timestamptz END,
                       payment_attempt = o.payment_attempt + u.attempt_increment,
                       -- a shipped order's unit has left the warehouse
                       stock_reserved = o.stock_reserved AND u.state <> 'SHIPPED',
                       lease_owner = CASE WHEN u.release THEN NULL ELSE o.lease_owner END,
                       lease_until = CASE WHEN u.release THEN NULL ELSE o.lease_until END,
                       next_attempt_at = ?
                FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::date[], ?::int[],
                            ?::boolean[])
                     AS u(order_id, state, detail, amount, tracking, carrier, estimate, attempt_increment, release)
                WHERE o.order_id = u.order_id""")) {
            Timestamp at = Timestamp.from(now);
            ps.setTimestamp(1, at);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            ps.setArray(4, c.createArrayOf("text", ids));
            ps.setArray(5, c.createArrayOf("text", states));
            ps.setArray(6, c.createArrayOf("text", details));
            ps.setArray(7, c.createArrayOf("int8", amounts));
            ps.setArray(8, c.createArrayOf("text", tracking));
            ps.setArray(9, c.createArrayOf("text", carriers));
            ps.setArray(10, c.createArrayOf("date", estimates));
            ps.setArray(11, c.createArrayOf("int4", attemptIncrements));
            ps.setArray(12, c.createArrayOf("bool", releases));
            ps.executeUpdate();
        }
        events.append(c, recorded);
        recorded.forEach(e -> metrics.countTransition(e.toState()));
    }

    private static Optional<StoredOrder> one(Connection c, String sql, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StoredOrder.read(rs)) : Optional.empty();
            }
        }
    }

    private static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
