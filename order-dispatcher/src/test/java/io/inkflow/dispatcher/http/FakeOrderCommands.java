package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.order.OrderCommands;
import io.inkflow.schemas.OrderState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The order side's commands as the API tests need them: a small in-memory stock and order table that
 * follows the {@link OrderCommands} contract, and a switch to make the next call fail.
 */
final class FakeOrderCommands implements OrderCommands {
    final Map<String, Integer> onHand = new ConcurrentHashMap<>();
    final Map<String, Integer> backorders = new ConcurrentHashMap<>();
    final Map<String, OrderState> orders = new ConcurrentHashMap<>();
    final List<String> paymentRetries = new CopyOnWriteArrayList<>();
    final List<String> cancelReasons = new CopyOnWriteArrayList<>();
    final AtomicReference<RuntimeException> failNext = new AtomicReference<>();

    @Override
    public RestockResult restock(String sku, int quantity) {
        failIfAsked();
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        Integer before = onHand.get(sku);
        if (before == null) {
            throw new UnknownSkuException(sku);
        }
        int waiting = backorders.getOrDefault(sku, 0);
        int released = Math.min(waiting, before + quantity);
        backorders.put(sku, waiting - released);
        onHand.put(sku, before + quantity - released);
        return new RestockResult(sku, before + quantity - released, released);
    }

    @Override
    public CancelResult cancelOrder(String orderId, String reason) {
        failIfAsked();
        OrderState state = orders.get(orderId);
        if (state == null) {
            return new CancelResult.NotFound();
        }
        if (state != OrderState.PENDING && state != OrderState.BACKORDERED && state != OrderState.PAYMENT_FAILED) {
            return new CancelResult.NotCancellable(state);
        }
        orders.put(orderId, OrderState.CANCELLED);
        cancelReasons.add(reason);
        return new CancelResult.Cancelled();
    }

    @Override
    public int retryFailedPayments(String accountId) {
        failIfAsked();
        paymentRetries.add(accountId);
        return 2;
    }

    private void failIfAsked() {
        RuntimeException failure = failNext.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
    }
}
