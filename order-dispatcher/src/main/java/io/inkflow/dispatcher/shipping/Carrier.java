package io.inkflow.dispatcher.shipping;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A parcel carrier (a label API). Idempotent by key: the same key never buys a second label. The carrier
 * finds the parcel's weight and size from the SKU itself.
 */
public interface Carrier {

    /** A short name of the adapter, stored with the shipment intent before the carrier answers. */
    String name();

    /** Buys the label, or reports that the carrier refuses the address. */
    ShipmentOutcome ship(ShipmentRequest request) throws ProviderUnavailableException;

    /** The label an earlier request with this key bought; empty when none was bought. */
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

    /** What the carrier decided. */
    sealed interface ShipmentOutcome {

        /**
         * A label was bought.
         *
         * @param carrier the carrier that delivers (for example USPS), for the customer and support
         */
        record Shipped(String trackingNumber, String carrier, LocalDate deliveryEstimate) implements ShipmentOutcome {
            public Shipped {
                Objects.requireNonNull(trackingNumber, "trackingNumber");
                Objects.requireNonNull(carrier, "carrier");
                Objects.requireNonNull(deliveryEstimate, "deliveryEstimate");
            }
        }

        /** The carrier cannot deliver to this address; nothing was bought. The customer must correct it. */
        record AddressRejected(String reason) implements ShipmentOutcome {
            public AddressRejected {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
