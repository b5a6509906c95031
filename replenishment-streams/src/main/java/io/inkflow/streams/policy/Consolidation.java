package io.inkflow.streams.policy;

import io.inkflow.schemas.BusinessDays;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shipment consolidation: once a report made a slot of a printer order, its other slots that will need a
 * cartridge soon anyway (genuine, armed, forecast to run out within the forecast horizon plus the
 * consolidation window) are ordered with it, and the orders of the report form one order group, shipped in
 * one parcel with one charge. Runs after every slot was judged on its own, so the due orders are known.
 * The group's id derives from its lead order (the due order of the first slot by name), so a replay forms
 * the same group with the same id.
 */
final class Consolidation {
    private final PolicySettings settings;
    private final SlotRules rules;

    Consolidation(PolicySettings settings, SlotRules rules) {
        this.settings = settings;
        this.rules = rules;
    }

    /**
     * @param waiting the readings of the slots that did not order in this evaluation
     * @param slots   every slot's state after its evaluation; a slot that joins is marked ordered here
     * @param orders  the due orders of this evaluation; the joining orders are added, then all are grouped
     */
    void apply(SlotRules.Context ctx, List<SlotRules.Reading> waiting, Map<String, SlotState> slots,
               CatalogEntry catalog, List<ReplenishmentOrder> orders, List<SupplyEvent> events) {
        if (!settings.consolidating() || orders.isEmpty()) {
            return;
        }
        ReplenishmentOrder lead = orders.stream().min(Comparator.comparing(ReplenishmentOrder::slot)).orElseThrow();
        if (ctx.forecastAt() != null) {
            Instant until = BusinessDays.add(ctx.forecastAt(), settings.consolidationHorizonBusinessDays());
            for (SlotRules.Reading reading : waiting) {
                join(ctx, reading, slots, catalog, until, lead, orders, events);
            }
        }
        if (orders.size() < 2) {
            return;
        }
        String groupId = OrderIds.group(lead.enrollmentId(), lead.serial(), lead.slot(), lead.depletionCycle());
        int size = orders.size();
        orders.replaceAll(order -> order.inGroup(groupId, size));
    }

    private void join(SlotRules.Context ctx, SlotRules.Reading reading, Map<String, SlotState> slots,
                      CatalogEntry catalog, Instant until, ReplenishmentOrder lead, List<ReplenishmentOrder> orders,
                      List<SupplyEvent> events) {
        SlotState slot = slots.get(reading.slot());
        Optional<CatalogSlot> catalogSlot = catalog.slot(reading.slot());
        if (slot == null || catalogSlot.isEmpty() || !reading.genuine() || slot.status() != SlotStatus.ARMED) {
            return;
        }
        Optional<Forecast> forecast = Forecast.estimate(slot, ctx.forecastAt(), settings);
        if (forecast.isEmpty() || !forecast.get().emptyAt().isBefore(until)) {
            return;
        }
        int cycle = slot.depletionCycle() + 1;
        ReplenishmentOrder order = SlotRules.order(ctx, reading, catalog, catalogSlot.get(), OrderTrigger.CONSOLIDATED,
                cycle, forecast.get());
        orders.add(order);
        events.add(rules.event(ctx, reading, SupplyEventType.ORDER_TRIGGERED, order.orderId(),
                OrderTrigger.CONSOLIDATED + " order, depletion cycle " + cycle + ", with slot " + lead.slot()));
        slots.put(reading.slot(), slot.ordered(cycle));
    }
}
