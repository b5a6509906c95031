package io.inkflow.dispatcher.shipping;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parcel carrier (a label API). Idempotent by key: the same key never buys a second label. The carrier
 * finds the parcel's weight and size from the SKUs it holds (one cartridge, or an order group's).
 */
public interface Carrier {

    /** A short name of the adapter, stored with the shipment intent before the carrier answers. */
    String name();

    /** Buys the label, or reports that the carrier refuses the address. */
    ShipmentOutcome ship(ShipmentRequest request) throws ProviderUnavailableException;

    /** The label an earlier request with this key bought; empty when none was bought. */
    Optional<ShipmentOutcome.Shipped> lookup(String idempotencyKey) throws ProviderUnavailableException;

    /**
     * @param reference our order id, or the order group's id for a group's parcel
     * @param items     what the parcel holds: one cartridge per order, at least one
     */
    record ShipmentRequest(String idempotencyKey, String reference, List<Item> items, Address shipTo) {
        public ShipmentRequest {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(shipTo, "shipTo");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a parcel holds at least one item");
            }
        }

        /** The parcel of one order, {@code reference}. */
        public ShipmentRequest(String idempotencyKey, String reference, String sku, Address shipTo) {
            this(idempotencyKey, reference, List.of(new Item(reference, sku)), shipTo);
        }

        public List<String> skus() {
            return items.stream().map(Item::sku).toList();
        }
    }

    /** One order's cartridge in a parcel. */
    record Item(String orderId, String sku) {
        public Item {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(sku, "sku");
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
