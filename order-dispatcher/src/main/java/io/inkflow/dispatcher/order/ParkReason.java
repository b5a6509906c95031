package io.inkflow.dispatcher.order;

/**
 * Why an order stopped moving and waits for a person (the fulfilment team or the customer). A parked
 * order keeps its state; releasing it makes it due again.
 */
public enum ParkReason {
    /** Transient failures (provider outcome unknown, a missing account) repeated past the limit. */
    REPEATED_FAILURES,
    /** A bug: an unexpected exception while processing the order; logged with its stack trace. */
    INTERNAL,
    /** The carrier refused the shipping address; the customer is asked to correct it. */
    ADDRESS_INVALID,
    /** The bank wants the customer to authenticate the payment (SCA); the customer is asked to act. */
    AWAITING_CUSTOMER
}
