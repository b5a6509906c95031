package io.inkflow.streams.policy;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ordering rules for one slot of an actively enrolled printer: non-genuine notice, low signal,
 * and the threshold or forecast trigger. Collects orders and events into the caller's lists.
 */
final class SlotRules {
    /**
     * What is being evaluated and on whose behalf.
     *
     * @param printer     the printer state before this evaluation (enrollment, serial)
     * @param eventKey    identifies the triggering record; supply event ids derive from it
     * @param sequence    the sequence of the report the levels come from
     * @param forecastAt  the printer time to forecast from; null when no forecast may fire
     * @param at          the time stamped on orders and events (the triggering record's Kafka time)
     */
    record Context(PrinterState printer, String eventKey, long sequence, Instant forecastAt, Instant at) {
    }

    /** One slot's current reading. */
    record Reading(String slot, String sku, String cartridgeId, int level, boolean genuine) {
    }

    private final PolicySettings settings;

    SlotRules(PolicySettings settings) {
        this.settings = settings;
    }

    SlotState evaluate(Context ctx, Reading reading, SlotState slot, CatalogEntry catalog,
                       List<ReplenishmentOrder> orders, List<SupplyEvent> events) {
        if (!reading.genuine() && !slot.nonGenuineNotified()) {
            events.add(event(ctx, reading, SupplyEventType.NON_GENUINE_DETECTED, null,
                    "non-genuine cartridge; automatic ordering suppressed"));
            slot = slot.nonGenuineNotifiedNow();
        }
        Optional<CatalogSlot> catalogSlot = catalog == null ? Optional.empty() : catalog.slot(reading.slot());
        if (catalogSlot.isEmpty()) {
            return slot;
        }
        int threshold = catalogSlot.get().lowThresholdPercent();
        boolean low = reading.level() <= threshold;
        if (low && !slot.lowSignalled()) {
            events.add(event(ctx, reading, SupplyEventType.LOW_SIGNAL, null, "at or below threshold " + threshold + "%"));
            slot = slot.lowSignalledNow();
        }
        if (!catalog.eligible() || !reading.genuine() || slot.status() != SlotStatus.ARMED) {
            return slot;
        }
        Optional<Forecast> forecast = ctx.forecastAt() == null ? Optional.empty()
                : Forecast.estimate(slot, ctx.forecastAt(), settings);
        OrderTrigger trigger = null;
        if (low) {
            trigger = OrderTrigger.THRESHOLD;
        } else if (settings.forecastEnabled() && forecast.isPresent()
                && forecast.get().shorterThan(ctx.forecastAt(), settings.forecastHorizonBusinessDays())) {
            trigger = OrderTrigger.FORECAST;
        }
        if (trigger == null) {
            return slot;
        }
        int cycle = slot.depletionCycle() + 1;
        ReplenishmentOrder order = order(ctx, reading, catalog, catalogSlot.get(), trigger, cycle, forecast.orElse(null));
        orders.add(order);
        events.add(event(ctx, reading, SupplyEventType.ORDER_TRIGGERED, order.orderId(),
                trigger + " order, depletion cycle " + cycle));
        return slot.ordered(cycle);
    }

    SupplyEvent event(Context ctx, Reading reading, SupplyEventType type, String orderId, String detail) {
        return SupplyEvents.forSlot(type, ctx.printer(), ctx.eventKey(), reading.slot(), reading.sku(),
                reading.cartridgeId(), reading.level(), orderId, detail, ctx.at());
    }

    static ReplenishmentOrder order(Context ctx, Reading reading, CatalogEntry catalog, CatalogSlot catalogSlot,
                                            OrderTrigger trigger, int cycle, Forecast forecast) {
        var enrollment = ctx.printer().enrollment();
        String serial = ctx.printer().serial();
        String orderId = OrderIds.derive(enrollment.enrollmentId(), serial, reading.slot(), cycle);
        Double days = forecast == null ? null : forecast.daysToEmpty();
        return new ReplenishmentOrder(orderId, serial, catalog.model(), catalog.series(), enrollment.enrollmentId(),
                enrollment.accountId(), enrollment.channel(), reading.slot(), catalogSlot.sku(), catalogSlot.colour(),
                reading.cartridgeId(), cycle, trigger, reading.level(), catalogSlot.lowThresholdPercent(), days,
                ctx.sequence(), ctx.at());
    }
}
