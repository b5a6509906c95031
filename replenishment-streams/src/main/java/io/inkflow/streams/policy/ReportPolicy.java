package io.inkflow.streams.policy;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replenishment rules: for a telemetry report (sequence dedup, cartridge tracking and re-arming,
 * then {@link SlotRules}), and for an activation (an ACTIVE enrollment arriving for a printer whose
 * levels are already known). Pure: the caller loads and stores the state and publishes the decision.
 */
public final class ReportPolicy {
    private final PolicySettings settings;
    private final SlotRules rules;
    private final Consolidation consolidation;

    public ReportPolicy(PolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rules = new SlotRules(settings);
        this.consolidation = new Consolidation(settings, rules);
    }

    /**
     * @param catalog    the catalog entry of the report's model, null when the model is unknown
     * @param receivedAt when the report reached Kafka; stamps orders and events so a replay is identical
     * @throws IllegalArgumentException when the report names a slot twice (ambiguous levels)
     */
    public ReportOutcome apply(PrinterState state, TelemetryReport report, CatalogEntry catalog, Instant receivedAt) {
        Freshness freshness = DedupPosition.classify(state.position(), report.bootEpoch(), report.sequence());
        if (!freshness.accepted()) {
            return ReportOutcome.dropped(freshness, state);
        }
        requireDistinctSlots(report);
        Map<String, SlotState> slots = state.mutableSlots();
        List<ReplenishmentOrder> orders = new ArrayList<>();
        List<SupplyEvent> events = new ArrayList<>();
        String eventKey = "report|" + report.bootEpoch() + '|' + report.sequence();
        SlotRules.Context ctx = new SlotRules.Context(state, eventKey, report.sequence(), report.timestamp(), receivedAt);
        List<SlotRules.Reading> waiting = new ArrayList<>();
        for (SupplyLevel supply : report.supplies()) {
            LevelSample sample = new LevelSample(report.timestamp(), supply.remainingPercent());
            SlotTracking.Tracked tracked = SlotTracking.track(slots.get(supply.slot()), supply, sample,
                    settings.rearmMarginPercent());
            SlotState slot = tracked.state();
            if (state.activelyEnrolled()) {
                SlotRules.Reading reading = new SlotRules.Reading(supply.slot(), supply.sku(), supply.cartridgeId(),
                        supply.remainingPercent(), supply.genuine());
                if (tracked.rearmed()) {
                    events.add(rules.event(ctx, reading, SupplyEventType.REARMED, null,
                            "new cartridge " + supply.cartridgeId()));
                }
                int ordered = orders.size();
                slot = rules.evaluate(ctx, reading, slot, catalog, orders, events);
                if (orders.size() == ordered) {
                    waiting.add(reading);
                }
            }
            // Not actively enrolled: levels are still followed so an activation starts from the truth.
            slots.put(supply.slot(), slot);
        }
        consolidation.apply(ctx, waiting, slots, catalog, orders, events);
        PrinterState next = state.accepted(report.model(),
                new DedupPosition(report.bootEpoch(), report.sequence()), receivedAt, slots);
        return new ReportOutcome(freshness, new Decision(next, orders, events));
    }

    /**
     * The printer has just become actively enrolled: every known slot is judged on its last reported
     * level, so a report that arrived before the enrollment is not lost. No forecast (the only clock
     * here is the enrollment's, not the printer's).
     *
     * @param catalog the catalog entry of the last reported model, null when unknown
     * @param at      when the enrollment record reached Kafka
     */
    public Decision activate(PrinterState state, CatalogEntry catalog, Instant at) {
        if (!state.activelyEnrolled() || state.position() == null) {
            return new Decision(state, List.of(), List.of());
        }
        List<ReplenishmentOrder> orders = new ArrayList<>();
        List<SupplyEvent> events = new ArrayList<>();
        String eventKey = "activation|" + state.enrollment().updatedAt();
        SlotRules.Context ctx = new SlotRules.Context(state, eventKey, state.position().sequence(), null, at);
        Map<String, SlotState> slots = new TreeMap<>(state.slots()); // a stable order for the outputs
        for (Map.Entry<String, SlotState> entry : slots.entrySet()) {
            SlotState slot = entry.getValue();
            String sku = catalog == null ? null : catalog.slot(entry.getKey()).map(s -> s.sku()).orElse(null);
            SlotRules.Reading reading = new SlotRules.Reading(entry.getKey(), sku, slot.cartridgeId(), slot.lastLevel(),
                    slot.genuine());
            entry.setValue(rules.evaluate(ctx, reading, slot, catalog, orders, events));
        }
        // no forecast here, so nothing joins; orders due together still ship together
        consolidation.apply(ctx, List.of(), slots, catalog, orders, events);
        return new Decision(state.withSlots(slots), orders, events);
    }

    private static void requireDistinctSlots(TelemetryReport report) {
        Set<String> seen = new HashSet<>();
        for (SupplyLevel supply : report.supplies()) {
            if (!seen.add(supply.slot())) {
                throw new IllegalArgumentException("Report " + report.sequence() + " of " + report.serial()
                        + " lists slot " + supply.slot() + " twice");
            }
        }
    }
}
