package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.order.OrderCommands;
import io.inkflow.dispatcher.order.OrderStateMachine;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fulfilment team's and the account API's commands on orders, each in one transaction. */
public final class FulfilmentCommands implements OrderCommands {
    private static final Logger log = LoggerFactory.getLogger(FulfilmentCommands.class);

    private final FulfilmentContext ctx;

    public FulfilmentCommands(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public RestockResult restock(String sku, int quantity) {
        Objects.requireNonNull(sku, "sku");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        RestockResult result = ctx.tx().run(c -> {
            OptionalInt onHand = ctx.inventory().lockOnHand(c, sku);
            if (onHand.isEmpty()) {
                throw new UnknownSkuException(sku);
            }
            Instant now = ctx.clock().instant();
            ctx.inventory().addStock(c, sku, quantity, now);
            int available = onHand.getAsInt() + quantity;
            // oldest first: the customer who waited longest gets the first unit
            List<String> backorders = ctx.inventory().lockBackorders(c, sku, available);
            for (String orderId : backorders) {
                StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
                ctx.orders().transition(c, order, new Transition.ReleaseBackorder(), now);
                ctx.inventory().reserve(c, sku, 1, now);
                ctx.orders().setStockReserved(c, orderId, true, now);
            }
            return new RestockResult(sku, available - backorders.size(), backorders.size());
        });
        ctx.metrics().counter("dispatcher.backorders.released", "sku", sku).increment(result.released());
        log.info("Restocked [sku={}, quantity={}, onHand={}, released={}]", sku, quantity, result.onHand(),
                result.released());
        return result;
    }

    @Override
    public CancelResult cancelOrder(String orderId, String reason) {
        Objects.requireNonNull(orderId, "orderId");
        String why = reason == null || reason.isBlank() ? "cancelled by fulfilment" : reason;
        return ctx.tx().run(c -> {
            StoredOrder order = ctx.orders().lock(c, orderId).orElse(null);
            if (order == null) {
                return new CancelResult.NotFound();
            }
            if (!OrderStateMachine.cancellable(order.state()) || sideEffectInFlight(c, order)) {
                return new CancelResult.NotCancellable(order.state());
            }
            cancelLocked(c, order, why, ctx.clock().instant());
            return new CancelResult.Cancelled();
        });
    }

    @Override
    public int retryFailedPayments(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        int retried = ctx.tx().run(c -> {
            Instant now = ctx.clock().instant();
            List<String> ids = ids(c, "SELECT order_id FROM orders WHERE account_id = ? AND state = 'PAYMENT_FAILED'"
                    + " ORDER BY created_at FOR UPDATE", ps -> ps.setString(1, accountId));
            for (String orderId : ids) {
                StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
                ctx.orders().transition(c, order, new Transition.RetryPayment(), now);
            }
            return ids.size();
        });
        if (retried > 0) {
            log.info("Retrying failed payments [accountId={}, orders={}]", accountId, retried);
        }
        return retried;
    }

    /** Cancels PAYMENT_FAILED orders nobody fixed in time; returns how many. */
    public int cancelExpiredPaymentFailures(int limit) {
        return ctx.tx().run(c -> {
            Instant now = ctx.clock().instant();
            Instant cutoff = now.minus(ctx.paymentFailedCancelAfter());
            List<String> ids = ids(c, "SELECT order_id FROM orders WHERE state = 'PAYMENT_FAILED' AND payment_failed_at <= ?"
                    + " ORDER BY payment_failed_at LIMIT ? FOR UPDATE SKIP LOCKED", ps -> {
                        ps.setTimestamp(1, Timestamp.from(cutoff));
                        ps.setInt(2, limit);
                    });
            for (String orderId : ids) {
                StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
                cancelLocked(c, order, "payment method not updated in time", now);
            }
            return ids.size();
        });
    }

    private void cancelLocked(Connection c, StoredOrder order, String reason, Instant now) throws SQLException {
        ctx.orders().transition(c, order, new Transition.Cancel(reason), now);
        if (order.stockReserved()) {
            ctx.inventory().reserve(c, order.sku(), -1, now);
            ctx.orders().setStockReserved(c, order.orderId(), false, now);
        }
        ctx.notifications().enqueue(c, OrderProcessor.notification(NotificationKind.ORDER_CANCELLED,
                "order-cancelled:" + order.orderId(), order, Map.of("reason", reason)));
        log.info("Order cancelled [orderId={}, from={}, reason={}]", order.orderId(), order.state(), reason);
    }

    /** A charge or an Amazon hand-off may be under way: cancelling now could orphan a capture. */
    private boolean sideEffectInFlight(Connection c, StoredOrder order) throws SQLException {
        return order.state() == OrderState.PENDING
                && (ctx.payments().inFlight(c, order.orderId())
                || ctx.shipments().amazonForwardAccepted(c, order.orderId()).isPresent());
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
