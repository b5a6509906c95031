package io.inkflow.dispatcher.fulfilment;

import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What people do to orders: the fulfilment team (API and dashboard) and the account API. Every command
 * runs on the CALLER's transaction, so the HTTP API commits the command together with the response it
 * stores for the request's Idempotency-Key: a retry after a crash or on another instance replays the
 * answer instead of restocking or cancelling twice.
 */
public interface OrderCommands {

    /**
     * Adds {@code quantity} units of {@code sku} to stock and releases backorders of that SKU, oldest
     * first, as far as the new stock reaches. Released orders go back to PENDING with their unit
     * reserved, so the fulfilment worker ships them next.
     *
     * @return the on-hand (unreserved) stock after the releases and how many backorders were released
     * @throws UnknownSkuException      when the SKU is not in the inventory (not in the catalog)
     * @throws IllegalArgumentException when {@code quantity} is not positive
     */
    RestockResult restock(Connection c, String sku, int quantity) throws SQLException;

    /**
     * Cancels an order that has not shipped: PENDING, BACKORDERED or PAYMENT_FAILED (a reserved unit
     * goes back to stock). An already CANCELLED order answers NotCancellable with state CANCELLED; so does
     * a PENDING order whose charge or Amazon hand-off may be under way.
     */
    CancelResult cancelOrder(Connection c, String orderId, String reason) throws SQLException;

    /**
     * After the account's payment method changed: puts every PAYMENT_FAILED order of the account back to
     * PENDING, each with a new payment attempt, so the next shipment charges the current payment method.
     *
     * @return how many orders were put back
     */
    int retryFailedPayments(Connection c, String accountId) throws SQLException;

    /** Puts one PAYMENT_FAILED order back to PENDING with a new payment attempt (a new idempotency key). */
    ActionResult retryPayment(Connection c, String orderId) throws SQLException;

    /**
     * Releases a parked order for another try: due at once, failure count reset. The payment or shipment
     * intent it had is kept, so the provider is asked by the same key first.
     */
    ActionResult releaseParked(Connection c, String orderId) throws SQLException;

    /** After the account's address changed: releases its orders parked because the carrier refused the old one. */
    int releaseAddressRefused(Connection c, String accountId) throws SQLException;

    /** The result of a restock. */
    record RestockResult(String sku, int onHand, int released) {
    }

    /** The result of a cancellation request. */
    sealed interface CancelResult {
        /** The order is now CANCELLED. */
        record Cancelled() implements CancelResult {
        }

        /** No order with that id. */
        record NotFound() implements CancelResult {
        }

        /** The order is in a state that cannot be cancelled (CHARGED, SHIPPED, FORWARDED, CANCELLED). */
        record NotCancellable(OrderState state) implements CancelResult {
        }
    }

    /** The result of an action on one order (retry a payment, release a parked order). */
    sealed interface ActionResult {
        record Done(OrderState state) implements ActionResult {
        }

        record NotFound() implements ActionResult {
        }

        /** The order is not in a state the action applies to; {@code why} says what it needs. */
        record NotApplicable(OrderState state, boolean parked, String why) implements ActionResult {
        }
    }

    /** Thrown by {@link #restock} for a SKU the inventory does not know. */
    final class UnknownSkuException extends IllegalArgumentException {
        public UnknownSkuException(String sku) {
            super("Unknown SKU: " + sku);
        }
    }
}
