package io.inkflow.dispatcher.shipping;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** A parcel carrier. Idempotent by key: the same key never creates a second shipment. */
public interface Carrier {

    /** A short carrier name stored with the shipment. */
    String name();

    ShipmentConfirmation ship(ShipmentRequest request) throws ProviderUnavailableException;

    /** The shipment an earlier request with this key created; empty when none. */
    Optional<ShipmentConfirmation> lookup(String idempotencyKey) throws ProviderUnavailableException;

    /** @param reference our order id */
    record ShipmentRequest(String idempotencyKey, String reference, String sku, Address shipTo) {
        public ShipmentRequest {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(shipTo, "shipTo");
        }
    }

    record ShipmentConfirmation(String trackingNumber, LocalDate deliveryEstimate) {
        public ShipmentConfirmation {
            Objects.requireNonNull(trackingNumber, "trackingNumber");
            Objects.requireNonNull(deliveryEstimate, "deliveryEstimate");
        }
    }
}
