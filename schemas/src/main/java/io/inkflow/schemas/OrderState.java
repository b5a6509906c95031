package io.inkflow.schemas;

/** States of an order in the dispatcher. Terminal states: SHIPPED, FORWARDED, CANCELLED. */
public enum OrderState {
    PENDING, BACKORDERED, CHARGED, SHIPPED, PAYMENT_FAILED, CANCELLED, FORWARDED;

    public boolean terminal() {
        return this == SHIPPED || this == FORWARDED || this == CANCELLED;
    }
}
