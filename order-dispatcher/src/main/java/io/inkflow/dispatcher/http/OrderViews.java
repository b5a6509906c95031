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

    /**
     * @param forecastDaysToEmpty the streams' estimate behind a FORECAST trigger; null otherwise or unknown
     * @param parkReason why the order waits for a person (null when it does not); {@code detail} says more
     * @param groupId    the order group it ships with (one charge, one parcel), null when it ships alone
     * @param groupSize  the number of orders in that group, null when it ships alone
     */
    record Order(String orderId, String serial, String model, String accountId, String slot, String sku,
                 int depletionCycle, String trigger, Double forecastDaysToEmpty, String channel, String state,
                 Long amountCents, String carrier, String trackingNumber, LocalDate deliveryEstimate,
                 String parkReason, String detail, Instant createdAt, Instant updatedAt, String groupId,
                 Integer groupSize) {
    }

    record OrderEvent(String fromState, String toState, Long amountCents, String trackingNumber, String detail,
                      Instant occurredAt) {
    }

    /** An order with its state transitions, oldest first. */
    record OrderWithEvents(String orderId, String serial, String model, String accountId, String slot, String sku,
                           int depletionCycle, String trigger, Double forecastDaysToEmpty, String channel,
                           String state, Long amountCents, String carrier, String trackingNumber,
                           LocalDate deliveryEstimate, String parkReason, String detail, Instant createdAt,
                           Instant updatedAt, String groupId, Integer groupSize, List<OrderEvent> events) {
        static OrderWithEvents of(Order o, List<OrderEvent> events) {
            return new OrderWithEvents(o.orderId(), o.serial(), o.model(), o.accountId(), o.slot(), o.sku(),
                    o.depletionCycle(), o.trigger(), o.forecastDaysToEmpty(), o.channel(), o.state(),
                    o.amountCents(), o.carrier(), o.trackingNumber(), o.deliveryEstimate(), o.parkReason(),
                    o.detail(), o.createdAt(), o.updatedAt(), o.groupId(), o.groupSize(), List.copyOf(events));
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

    /** The order after a fulfilment action (release, retry payment). */
    record ActionDone(String orderId, OrderState state) {
    }

    /**
     * A consumed record set aside. {@code value} is the record's bytes as UTF-8 text (what a person reads);
     * {@code valueBase64} the exact bytes.
     */
    record DeadLetter(long id, String topic, int partition, long offset, String key, String value, String valueBase64,
                      String reason, String detail, String status, int replayAttempts, Instant createdAt,
                      Instant replayedAt, String replayedBy) {
    }

    record DeadLetterPage(List<DeadLetter> deadLetters, Long next) {
    }

    /** What a replay came to: REPLAYED, or still OPEN with the reason it was refused again. */
    record Replay(long id, String status, String reason, String detail) {
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
