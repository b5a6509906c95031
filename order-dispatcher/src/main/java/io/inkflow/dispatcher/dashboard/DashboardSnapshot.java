package io.inkflow.dispatcher.dashboard;

import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.Series;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows at one moment, for one filter; sent as one JSON server-sent event.
 *
 * @param minuteStarts    the start of each minute of the last hour, oldest first; every per-minute list
 *                        below is aligned with it
 * @param flowByState     transitions into each state per minute (an order created counts under PENDING)
 * @param lastMinuteByState transitions into each state during the last 60 seconds
 * @param totalsByState   how many orders are in each state now
 */
record DashboardSnapshot(Instant generatedAt, Filter filter, List<Instant> minuteStarts,
                         Map<OrderState, List<Long>> flowByState, Map<OrderState, Long> lastMinuteByState,
                         Map<OrderState, Long> totalsByState, List<Backorder> backorders,
                         List<FailedCharge> failedCharges, List<RecentOrder> recentOrders, Attention attention,
                         Telemetry telemetry, LowInk lowInk, QuietPrinters quietPrinters, Choices choices) {

    /** What waits for the fulfilment team: each list offers its action on the page. */
    record Attention(List<ParkedOrder> parked, List<WaitingOrder> backordered,
                     List<CancellationRequest> cancellationRequests, List<OpenDeadLetter> deadLetters) {
    }

    /** An order parked for a person (release it for another try). */
    record ParkedOrder(String orderId, String serial, String model, String sku, OrderState state, String parkReason,
                       String detail, Instant parkedAt) {
    }

    /** A backordered order (cancel it on the customer's request). */
    record WaitingOrder(String orderId, String serial, String model, String sku, String accountId, Instant createdAt) {
    }

    /** A customer's open request to cancel an order (approve or decline it). */
    record CancellationRequest(String requestId, String orderId, String sku, String accountId, OrderState orderState,
                               String reason, Instant requestedAt) {
    }

    /** A record the consumer set aside (replay it after a fix). */
    record OpenDeadLetter(long id, String topic, int partition, long offset, String reason, String detail,
                          Instant createdAt, int replayAttempts) {
    }

    record Filter(Series series, String model) {
    }

    /** Backordered orders of one SKU, with the stock a restock would add to. */
    record Backorder(String sku, long waiting, Instant oldestCreatedAt, long onHand, long reserved) {
    }

    record FailedCharge(String orderId, String serial, String model, String sku, String accountId,
                        Long amountCents, String reason, Instant failedAt) {
    }

    /** @param reason why it was ordered ({@code OrderReason}), empty when unknown */
    record RecentOrder(String orderId, String serial, String model, String sku, OrderState state, String channel,
                       Long amountCents, String trackingNumber, LocalDate deliveryEstimate, Instant createdAt,
                       Instant updatedAt, String reason) {
    }

    /**
     * Fleet-wide telemetry figures (the record counts come from topic offsets, which know no model).
     *
     * @param connected false while the dashboard's Kafka reader has no partitions (broker unreachable)
     */
    record Telemetry(boolean connected, double reportsPerSecond, long reportsLastHour, List<Long> reportsPerMinute,
                     Map<RejectionReason, Long> rejectionsByReason, List<Long> rejectionsPerMinute) {
    }

    record LowInk(long lastHour, List<Long> perMinute, List<LowSignal> recent) {
    }

    record LowSignal(String serial, String model, Series series, String slot, String sku, Integer remainingPercent,
                     Instant occurredAt) {
    }

    /**
     * Printers whose owner was mailed that we cannot see them (quiet.QuietPrinterSweep), longest silent first.
     *
     * @param count all of them (the list holds the first rows)
     */
    record QuietPrinters(long count, List<QuietPrinter> printers) {
    }

    record QuietPrinter(String serial, String model, String accountId, Instant lastReportAt, Instant noticedAt) {
    }

    /** The values the filter drop-downs offer. */
    record Choices(List<Series> series, List<ModelChoice> models) {
    }

    record ModelChoice(String model, String displayName, Series series) {
    }
}
