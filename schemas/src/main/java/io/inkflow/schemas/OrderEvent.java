package io.inkflow.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition of an order, on {@link Topics#ORDER_EVENTS} keyed by order id; what the dashboard
 * and downstream consumers watch.
 *
 * @param fromState      null for the creation of the order
 * @param amountCents    the captured amount on CHARGED, otherwise null
 * @param trackingNumber the carrier's tracking number on SHIPPED, otherwise null
 * @param detail         a short human readable reason, may be null
 */
public record OrderEvent(String eventId, String orderId, String serial, String accountId, String model,
                         Series series, String sku, OrderState fromState, OrderState toState,
                         Long amountCents, String trackingNumber, String detail, Instant occurredAt) {
    public OrderEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
