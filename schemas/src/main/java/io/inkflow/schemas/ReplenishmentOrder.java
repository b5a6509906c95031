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
 * @param groupId             the order group this order ships in (one charge, one parcel, one email), null when
 *                            it ships alone; {@link OrderIds#group}: the same depletion always yields the same id
 * @param groupSize           how many orders the group has, null when the order ships alone
 */
public record ReplenishmentOrder(String orderId, String serial, String model, Series series, String enrollmentId,
                                 String accountId, Channel channel, String slot, String sku, String colour,
                                 String cartridgeId, int depletionCycle, OrderTrigger trigger,
                                 int remainingPercent, int thresholdPercent, Double forecastDaysToEmpty,
                                 long reportSequence, Instant createdAt, String groupId, Integer groupSize) {
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
        if ((groupId == null) != (groupSize == null) || groupSize != null && groupSize < 2) {
            throw new IllegalArgumentException("groupId and groupSize come together, and a group has at least 2 orders");
        }
    }

    /** An order that ships alone. */
    public ReplenishmentOrder(String orderId, String serial, String model, Series series, String enrollmentId,
                              String accountId, Channel channel, String slot, String sku, String colour,
                              String cartridgeId, int depletionCycle, OrderTrigger trigger, int remainingPercent,
                              int thresholdPercent, Double forecastDaysToEmpty, long reportSequence, Instant createdAt) {
        this(orderId, serial, model, series, enrollmentId, accountId, channel, slot, sku, colour, cartridgeId,
                depletionCycle, trigger, remainingPercent, thresholdPercent, forecastDaysToEmpty, reportSequence,
                createdAt, null, null);
    }

    /** This order as a member of the group {@code id} of {@code size} orders. */
    public ReplenishmentOrder inGroup(String id, int size) {
        return new ReplenishmentOrder(orderId, serial, model, series, enrollmentId, accountId, channel, slot, sku,
                colour, cartridgeId, depletionCycle, trigger, remainingPercent, thresholdPercent, forecastDaysToEmpty,
                reportSequence, createdAt, id, size);
    }
}
