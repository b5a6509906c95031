package io.inkflow.dispatcher.shipping;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** A parcel carrier. Idempotent by key: the same key never creates a second shipment. */
public interface Carrier {

    /** A short carrier name stored with the shipment. */
    String name();

    /** Buys the label: the parcel exists, or the carrier refused the address (no parcel, nothing bought). */
    ShipmentOutcome ship(ShipmentRequest request) throws ProviderUnavailableException;

    /** The shipment an earlier request with this key created; empty when none. */
    Optional<ShipmentOutcome.Shipped> lookup(String idempotencyKey) throws ProviderUnavailableException;

    /** @param reference our order id */
    record ShipmentRequest(String idempotencyKey, String reference, String sku, Address shipTo) {
        public ShipmentRequest {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(shipTo, "shipTo");
        }
    }

    /** What the carrier answered. */
    sealed interface ShipmentOutcome {
        /** The label is bought: the parcel exists. */
        record Shipped(String trackingNumber, String carrier, LocalDate deliveryEstimate) implements ShipmentOutcome {
            public Shipped {
                Objects.requireNonNull(trackingNumber, "trackingNumber");
                Objects.requireNonNull(carrier, "carrier");
                Objects.requireNonNull(deliveryEstimate, "deliveryEstimate");
            }
        }

        /** The carrier refuses the address; the customer must correct it. */
        record AddressRejected(String reason) implements ShipmentOutcome {
        }
    }
}
