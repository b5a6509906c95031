package io.inkflow.dispatcher.payment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A card payment provider. Both calls are idempotent by key: the same key always answers the outcome of
 * the first request with that key, so retrying after a timeout or a crash can never charge twice.
 */
public interface PaymentProvider {

    /** Captures the amount, or reports a decline or that the customer must act first. */
    ChargeOutcome charge(ChargeRequest request) throws ProviderUnavailableException;

    /** The outcome of an earlier request with this key; empty when the provider never recorded one. */
    Optional<ChargeOutcome> lookup(String idempotencyKey) throws ProviderUnavailableException;

    /**
     * @param reference our order id, or the order group's id for a group's charge; kept by the provider for
     *                  reconciliation and support
     * @param lines     what the amount is made of: one line per order of a group's charge, empty for one order
     */
    record ChargeRequest(String idempotencyKey, String reference, String paymentToken, long amountCents,
                         List<Line> lines) {
        public ChargeRequest {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(paymentToken, "paymentToken");
            if (amountCents < 0) {
                throw new IllegalArgumentException("amountCents must not be negative");
            }
            lines = List.copyOf(lines);
            if (!lines.isEmpty() && lines.stream().mapToLong(Line::amountCents).sum() != amountCents) {
                throw new IllegalArgumentException("the lines of charge " + idempotencyKey + " do not add up to "
                        + amountCents);
            }
        }

        /** The charge of one order. */
        public ChargeRequest(String idempotencyKey, String reference, String paymentToken, long amountCents) {
            this(idempotencyKey, reference, paymentToken, amountCents, List.of());
        }
    }

    /** One order's part of a group's charge: its cartridge and its price after promotion. */
    record Line(String orderId, String sku, long amountCents) {
        public Line {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(sku, "sku");
            if (amountCents < 0) {
                throw new IllegalArgumentException("amountCents must not be negative");
            }
        }
    }

    /** What the provider decided. */
    sealed interface ChargeOutcome {
        String chargeId();

        record Captured(String chargeId, long amountCents) implements ChargeOutcome {
        }

        record Declined(String chargeId, String reason) implements ChargeOutcome {
        }

        /**
         * Nothing was charged: the card's bank wants the customer (strong customer authentication). The
         * same attempt cannot succeed without them; a new attempt after they acted may.
         */
        record RequiresAction(String chargeId, String reason) implements ChargeOutcome {
        }
    }
}
