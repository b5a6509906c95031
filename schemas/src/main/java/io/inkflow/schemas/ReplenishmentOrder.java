package io.inkflow.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * One replenishment order for one depleted cartridge, on {@link Topics#ORDERS} keyed by serial.
 * {@code orderId} is {@link OrderIds#derive}: the same depletion always yields the same id.
 *
 * @param series              the model's product series, so consumers need no catalog of their own
 * @param depletionCycle      counts the depletions of this slot within this enrollment, from 1
 * @param remainingPercent    the level in the report that triggered the order
 * @param thresholdPercent    the model's threshold for the slot at that time
 * @param forecastDaysToEmpty the estimate behind a FORECAST trigger; null when unknown
 * @param reportSequence      the sequence of the triggering report
 */
public record ReplenishmentOrder(String orderId, String serial, String model, Series series, String enrollmentId,
                                 String accountId, Channel channel, String slot, String sku, String colour,
                                 String cartridgeId, int depletionCycle, OrderTrigger trigger,
                                 int remainingPercent, int thresholdPercent, Double forecastDaysToEmpty,
                                 long reportSequence, Instant createdAt) {
    public ReplenishmentOrder {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
