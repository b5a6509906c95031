package io.inkflow.dispatcher.order;

/**
 * The fulfilment commands the HTTP API calls. Implemented by the dispatcher's fulfilment package;
 * every method runs its own database transaction and is safe to call from many threads.
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
    RestockResult restock(String sku, int quantity);

    /**
     * Cancels an order that has not shipped: PENDING, BACKORDERED or PAYMENT_FAILED (a reserved unit
     * goes back to stock). Idempotent in effect: an already CANCELLED order answers NotCancellable
     * with state CANCELLED.
     */
    CancelResult cancelOrder(String orderId, String reason);

    /**
     * After the account's payment method changed: puts every PAYMENT_FAILED order of the account
     * back to PENDING so the next shipment attempt charges the current payment method.
     *
     * @return how many orders were put back
     */
    int retryFailedPayments(String accountId);

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
        record NotCancellable(io.inkflow.schemas.OrderState state) implements CancelResult {
        }
    }

    /** Thrown by {@link #restock} for a SKU the inventory does not know. */
    final class UnknownSkuException extends IllegalArgumentException {
        public UnknownSkuException(String sku) {
            super("Unknown SKU: " + sku);
        }
    }
}
