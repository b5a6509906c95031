package io.inkflow.dispatcher.shipping;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands an order to the Amazon channel, which charges and ships it itself. Idempotent by key.
 */
public interface AmazonChannel {

    String forward(AmazonOrder order) throws ProviderUnavailableException;

    /** The Amazon reference of an earlier request with this key; empty when none. */
    Optional<String> lookup(String idempotencyKey) throws ProviderUnavailableException;

    /** @param reference our order id */
    record AmazonOrder(String idempotencyKey, String reference, String accountId, String serial, String sku) {
        public AmazonOrder {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(sku, "sku");
        }
    }
}
