package io.inkflow.dispatcher.http;

import io.inkflow.schemas.OrderState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The order shapes of the API (docs/contracts.md). */
final class OrderViews {
    private OrderViews() {
    }

    record Order(String orderId, String serial, String model, String accountId, String slot, String sku,
                 int depletionCycle, String trigger, String channel, String state, Long amountCents,
                 String trackingNumber, LocalDate deliveryEstimate, Instant createdAt, Instant updatedAt) {
    }

    record OrderEvent(String fromState, String toState, Long amountCents, String trackingNumber, String detail,
                      Instant occurredAt) {
    }

    /** An order with its state transitions, oldest first. */
    record OrderWithEvents(String orderId, String serial, String model, String accountId, String slot, String sku,
                           int depletionCycle, String trigger, String channel, String state, Long amountCents,
                           String trackingNumber, LocalDate deliveryEstimate, Instant createdAt, Instant updatedAt,
                           List<OrderEvent> events) {
        static OrderWithEvents of(Order o, List<OrderEvent> events) {
            return new OrderWithEvents(o.orderId(), o.serial(), o.model(), o.accountId(), o.slot(), o.sku(),
                    o.depletionCycle(), o.trigger(), o.channel(), o.state(), o.amountCents(), o.trackingNumber(),
                    o.deliveryEstimate(), o.createdAt(), o.updatedAt(), List.copyOf(events));
        }
    }

    /** A page of orders; {@code next} is the cursor ({@code after=}) of the following page, null on the last. */
    record OrderPage(List<Order> orders, String next) {
    }

    record Backorder(String orderId, String sku, String serial, Instant createdAt) {
    }

    record StockLevel(String sku, int onHand, int reserved) {
    }

    record RestockDone(String sku, int onHand, int released) {
    }

    record Cancelled(String orderId, OrderState state) {
    }

    /**
     * Order flow for the dashboard: how many orders are in each state now, and per minute of the last
     * hour how many orders were created and how many entered each state.
     */
    record OrderFlow(Instant from, Instant to, Map<OrderState, Long> currentByState, List<Minute> perMinute) {
    }

    record Minute(Instant minute, long created, Map<OrderState, Long> entered) {
    }

    record MailboxMessage(String notificationId, String accountId, String orderId, String kind, String recipient,
                          String subject, String body, Instant deliveredAt) {
    }
}
