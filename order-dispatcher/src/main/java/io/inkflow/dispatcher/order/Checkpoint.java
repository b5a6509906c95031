package io.inkflow.dispatcher.order;

/**
 * Named points in the life of an order between two durable steps. Production ignores them; the
 * crash tests stop the dispatcher at one of them and restart it, to prove nothing is charged or shipped
 * twice whatever the point.
 */
public enum Checkpoint {
    /** The ingest transaction committed the order row and the consumed offsets. */
    ORDER_STORED,
    /** The payment intent (attempt row with its idempotency key) is committed; the provider not yet called. */
    CHARGE_INTENT_STORED,
    /** The provider answered (and charged); the answer is not yet stored. */
    CHARGE_REQUESTED,
    /** CHARGED is committed; the shipment not yet requested. */
    CHARGE_RESPONSE_STORED,
    /** The carrier answered (the parcel exists); the answer is not yet stored. */
    SHIPMENT_REQUESTED,
    /** SHIPPED is committed. */
    SHIPMENT_STORED,
    /** The Amazon channel accepted the order; the answer is not yet stored. */
    FORWARD_REQUESTED;

    /** Told when a checkpoint is reached. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (checkpoint, orderId) -> { };

        void reached(Checkpoint checkpoint, String orderId);
    }
}
