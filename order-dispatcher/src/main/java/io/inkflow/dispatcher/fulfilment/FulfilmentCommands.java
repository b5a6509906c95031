package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.order.OrderStateMachine;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.persistence.InventoryStore;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fulfilment team's and the account API's commands on orders, each on the caller's transaction. */
public final class FulfilmentCommands implements OrderCommands {
    private static final Logger log = LoggerFactory.getLogger(FulfilmentCommands.class);

    private final OrderStore orders;
    private final InventoryStore inventory;
    private final PaymentAttempts payments;
    private final Shipments shipments;
    private final NotificationOutbox notifications;
    private final Clock clock;
    private final DispatcherMetrics metrics;

    public FulfilmentCommands(OrderStore orders, InventoryStore inventory, PaymentAttempts payments, Shipments shipments,
                              NotificationOutbox notifications, Clock clock, DispatcherMetrics metrics) {
        this.orders = orders;
        this.inventory = inventory;
        this.payments = payments;
        this.shipments = shipments;
        this.notifications = notifications;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public RestockResult restock(Connection c, String sku, int quantity) throws SQLException {
        Objects.requireNonNull(sku, "sku");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        OptionalInt onHand = inventory.lockOnHand(c, sku);
        if (onHand.isEmpty()) {
            throw new UnknownSkuException(sku);
        }
        Instant now = clock.instant();
        inventory.addStock(c, sku, quantity, now);
        int available = onHand.getAsInt() + quantity;
        // oldest first: the customer who waited longest gets the first unit
        List<String> backorders = inventory.lockBackorders(c, sku, available);
        // the orders of their groups that waited for them (GroupBackorder.WAIT) and have stock now go too; the
        // claim reserves their units, or backorders the group again if the stock went meanwhile
        List<String> siblings = orders.lockWaitingSiblings(c, backorders);
        List<OrderStore.Change> releases = new ArrayList<>();
        for (String orderId : backorders) {
            releases.add(new OrderStore.Change(orders.lock(c, orderId).orElseThrow(), new Transition.ReleaseBackorder()));
        }
        for (String orderId : siblings) {
            releases.add(new OrderStore.Change(orders.lock(c, orderId).orElseThrow(), new Transition.ReleaseBackorder()));
        }
        orders.transitionAll(c, releases, now);
        if (!backorders.isEmpty()) {
            inventory.reserve(c, sku, backorders.size(), now);
            orders.setStockReserved(c, backorders, true, now);
        }
        metrics.countBackordersReleased(backorders.size() + siblings.size());
        RestockResult result = new RestockResult(sku, available - backorders.size(), backorders.size());
        log.info("Restocked [sku={}, quantity={}, onHand={}, released={}]", sku, quantity, result.onHand(),
                result.released());
        return result;
    }

    @Override
    public CancelResult cancelOrder(Connection c, String orderId, String reason) throws SQLException {
        Objects.requireNonNull(orderId, "orderId");
        String why = reason == null || reason.isBlank() ? "cancelled by fulfilment" : reason;
        StoredOrder order = orders.lock(c, orderId).orElse(null);
        if (order == null) {
            return new CancelResult.NotFound();
        }
        if (!OrderStateMachine.cancellable(order.state()) || sideEffectInFlight(c, order)) {
            return new CancelResult.NotCancellable(order.state());
        }
        cancelLocked(c, order, why, clock.instant());
        return new CancelResult.Cancelled();
    }

    @Override
    public int retryFailedPayments(Connection c, String accountId) throws SQLException {
        Objects.requireNonNull(accountId, "accountId");
        List<String> ids = ids(c, "SELECT order_id FROM orders WHERE account_id = ? AND state = 'PAYMENT_FAILED'"
                + " ORDER BY order_id FOR UPDATE", ps -> ps.setString(1, accountId));
        List<OrderStore.Change> retries = new ArrayList<>();
        for (String orderId : ids) {
            retries.add(new OrderStore.Change(orders.lock(c, orderId).orElseThrow(), new Transition.RetryPayment()));
        }
        orders.transitionAll(c, retries, clock.instant());
        if (!ids.isEmpty()) {
            log.info("Retrying failed payments [accountId={}, orders={}]", accountId, ids.size());
        }
        return ids.size();
    }

    @Override
    public ActionResult retryPayment(Connection c, String orderId) throws SQLException {
        StoredOrder order = orders.lock(c, orderId).orElse(null);
        if (order == null) {
            return new ActionResult.NotFound();
        }
        if (order.state() != OrderState.PAYMENT_FAILED) {
            return new ActionResult.NotApplicable(order.state(), order.parked(),
                    "only a PAYMENT_FAILED order can be charged again");
        }
        orders.transition(c, order, new Transition.RetryPayment(), clock.instant());
        log.info("Retrying a failed payment [orderId={}]", orderId);
        return new ActionResult.Done(OrderState.PENDING);
    }

    @Override
    public ActionResult releaseParked(Connection c, String orderId) throws SQLException {
        StoredOrder order = orders.lock(c, orderId).orElse(null);
        if (order == null) {
            return new ActionResult.NotFound();
        }
        if (!order.parked()) {
            return new ActionResult.NotApplicable(order.state(), false, "only a parked order can be released");
        }
        orders.unpark(c, orderId, "released after " + order.parkReason(), clock.instant());
        log.info("Parked order released [orderId={}, parkReason={}]", orderId, order.parkReason());
        return new ActionResult.Done(order.state());
    }

    @Override
    public int releaseAddressRefused(Connection c, String accountId) throws SQLException {
        List<String> ids = ids(c, "SELECT order_id FROM orders WHERE account_id = ? AND park_reason = ?"
                + " ORDER BY order_id FOR UPDATE", ps -> {
                    ps.setString(1, accountId);
                    ps.setString(2, ParkReason.ADDRESS_INVALID.name());
                });
        Instant now = clock.instant();
        for (String orderId : ids) {
            orders.unpark(c, orderId, "shipping address corrected", now);
        }
        return ids.size();
    }

    /** Cancels PAYMENT_FAILED orders nobody fixed in time; returns how many. */
    public int cancelExpiredPaymentFailures(Connection c, Duration after, int limit) throws SQLException {
        Instant now = clock.instant();
        Instant cutoff = now.minus(after);
        List<String> ids = ids(c, "SELECT order_id FROM orders WHERE state = 'PAYMENT_FAILED' AND payment_failed_at <= ?"
                + " ORDER BY payment_failed_at LIMIT ? FOR UPDATE SKIP LOCKED", ps -> {
                    ps.setTimestamp(1, Timestamp.from(cutoff));
                    ps.setInt(2, limit);
                });
        for (String orderId : ids) {
            cancelLocked(c, orders.lock(c, orderId).orElseThrow(), "payment method not updated in time", now);
        }
        return ids.size();
    }

    private void cancelLocked(Connection c, StoredOrder order, String reason, Instant now) throws SQLException {
        orders.transition(c, order, new Transition.Cancel(reason), now);
        if (order.stockReserved()) {
            inventory.reserve(c, order.sku(), -1, now);
            orders.setStockReserved(c, List.of(order.orderId()), false, now);
        }
        notifications.enqueue(c, OrderMail.of(NotificationKind.ORDER_CANCELLED, "order-cancelled:" + order.orderId(),
                order, Map.of("reason", reason)));
        log.info("Order cancelled [orderId={}, from={}, reason={}]", order.orderId(), order.state(), reason);
    }

    /** A charge or an Amazon hand-off may be under way: cancelling now could orphan a capture. */
    private boolean sideEffectInFlight(Connection c, StoredOrder order) throws SQLException {
        return order.state() == OrderState.PENDING
                && (payments.inFlight(c, order.orderId())
                || shipments.amazonForwardAccepted(c, order.orderId()).isPresent());
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<String> ids(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
