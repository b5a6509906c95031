package io.inkflow.dispatcher.order;

import io.inkflow.schemas.OrderState;
import java.time.LocalDate;
import java.util.Objects;

/** What can happen to an order. Each variant leads to exactly one target state. */
public sealed interface Transition {

    OrderState target();

    /** A short human readable reason for the order event, or null. */
    String detail();

    /** No stock for the SKU when the order was processed. */
    record Backorder() implements Transition {
        public OrderState target() {
            return OrderState.BACKORDERED;
        }

        public String detail() {
            return "no stock";
        }
    }

    /** Stock arrived for a backordered order; it is reserved and ships next. */
    record ReleaseBackorder() implements Transition {
        public OrderState target() {
            return OrderState.PENDING;
        }

        public String detail() {
            return "restocked";
        }
    }

    /** The payment provider captured the amount. */
    record Charge(long amountCents) implements Transition {
        public Charge {
            if (amountCents < 0) {
                throw new IllegalArgumentException("amountCents must not be negative");
            }
        }

        public OrderState target() {
            return OrderState.CHARGED;
        }

        public String detail() {
            return null;
        }
    }

    /** The payment provider declined the charge. */
    record DeclinePayment(String reason) implements Transition {
        public OrderState target() {
            return OrderState.PAYMENT_FAILED;
        }

        public String detail() {
            return reason;
        }
    }

    /** The customer changed the payment method; charge again. */
    record RetryPayment() implements Transition {
        public OrderState target() {
            return OrderState.PENDING;
        }

        public String detail() {
            return "payment method changed";
        }
    }

    /** The carrier accepted the parcel. */
    record Ship(String trackingNumber, String carrier, LocalDate deliveryEstimate) implements Transition {
        public Ship {
            Objects.requireNonNull(trackingNumber, "trackingNumber");
            Objects.requireNonNull(carrier, "carrier");
            Objects.requireNonNull(deliveryEstimate, "deliveryEstimate");
        }

        public OrderState target() {
            return OrderState.SHIPPED;
        }

        public String detail() {
            return "delivery by " + deliveryEstimate;
        }
    }

    /** Handed to the Amazon channel, which charges and ships itself. */
    record Forward(String amazonReference) implements Transition {
        public OrderState target() {
            return OrderState.FORWARDED;
        }

        public String detail() {
            return "amazon " + amazonReference;
        }
    }

    /** Cancelled by fulfilment, or automatically after a payment stayed failed too long. */
    record Cancel(String reason) implements Transition {
        public OrderState target() {
            return OrderState.CANCELLED;
        }

        public String detail() {
            return reason;
        }
    }
}
