package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.order.OrderCommands;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The order commands the pages call, recorded: the pages never restock; they retry failed payments. */
final class RecordingOrderCommands implements OrderCommands {
    final List<String> paymentRetries = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    @Override
    public RestockResult restock(String sku, int quantity) {
        throw new UnsupportedOperationException("the customer pages never restock");
    }

    @Override
    public CancelResult cancelOrder(String orderId, String reason) {
        cancelled.add(orderId);
        return new CancelResult.Cancelled();
    }

    @Override
    public int retryFailedPayments(String accountId) {
        paymentRetries.add(accountId);
        return 0;
    }
}
