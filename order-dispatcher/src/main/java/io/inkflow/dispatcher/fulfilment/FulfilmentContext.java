package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.payment.PaymentProvider;
import io.inkflow.dispatcher.persistence.AccountReader;
import io.inkflow.dispatcher.persistence.InventoryStore;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.shipping.AmazonChannel;
import io.inkflow.dispatcher.shipping.Carrier;
import java.time.Clock;
import java.time.Duration;

/**
 * The collaborators of fulfilment, built once in {@code OrderDispatcher.start}.
 *
 * @param owner        this instance's lease owner name
 * @param retryBackoff delay before retrying an order after a transient failure
 * @param maxFailures  transient failures before an order is parked
 * @param groupBackorder what an order group does when one of its orders has no stock
 */
public record FulfilmentContext(Tx tx, OrderStore orders, InventoryStore inventory, PaymentAttempts payments,
                                Shipments shipments, AccountReader accounts, NotificationOutbox notifications,
                                PaymentProvider paymentProvider, Carrier carrier, AmazonChannel amazon, Clock clock,
                                String owner, Duration lease, Duration retryBackoff, int maxFailures,
                                Duration paymentFailedCancelAfter, GroupBackorder groupBackorder,
                                Checkpoint.Listener checkpoints, DispatcherMetrics metrics) {
}
