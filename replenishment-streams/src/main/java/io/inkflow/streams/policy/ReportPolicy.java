package io.inkflow.streams.policy;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
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
import java.util.Optional;
import java.util.Set;

/**
 * The replenishment rules for one telemetry report: sequence dedup, cartridge tracking and re-arming,
 * genuine-only ordering, the threshold and forecast triggers, and the supply events that go with
 * them. Pure: the caller loads and stores the state and publishes the outcome.
 */
public final class ReportPolicy {
    private final PolicySettings settings;

    public ReportPolicy(PolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
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
        for (SupplyLevel supply : report.supplies()) {
            SlotStep step = new SlotStep(state, report, supply, receivedAt, orders, events);
            slots.put(supply.slot(), step.run(slots.get(supply.slot()), catalog));
        }
        PrinterState next = state.accepted(new DedupPosition(report.bootEpoch(), report.sequence()), receivedAt, slots);
        return new ReportOutcome(freshness, next, orders, events);
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

    /** One slot of one report; collects its orders and events into the report's lists. */
    private final class SlotStep {
        private final PrinterState printer;
        private final TelemetryReport report;
        private final SupplyLevel supply;
        private final Instant at;
        private final List<ReplenishmentOrder> orders;
        private final List<SupplyEvent> events;

        SlotStep(PrinterState printer, TelemetryReport report, SupplyLevel supply, Instant at,
                 List<ReplenishmentOrder> orders, List<SupplyEvent> events) {
            this.printer = printer;
            this.report = report;
            this.supply = supply;
            this.at = at;
            this.orders = orders;
            this.events = events;
        }

        SlotState run(SlotState previous, CatalogEntry catalog) {
            LevelSample sample = new LevelSample(report.timestamp(), supply.remainingPercent());
            SlotTracking.Tracked tracked = SlotTracking.track(previous, supply, sample, settings.rearmMarginPercent());
            SlotState slot = tracked.state();
            if (!printer.activelyEnrolled()) {
                // Levels are still followed so a later activation starts from the truth, but nothing is emitted.
                return slot;
            }
            if (tracked.rearmed()) {
                emit(SupplyEventType.REARMED, null, "new cartridge " + supply.cartridgeId());
            }
            if (!supply.genuine() && !slot.nonGenuineNotified()) {
                emit(SupplyEventType.NON_GENUINE_DETECTED, null, "non-genuine cartridge; automatic ordering suppressed");
                slot = slot.nonGenuineNotifiedNow();
            }
            Optional<CatalogSlot> catalogSlot = catalog == null ? Optional.empty() : catalog.slot(supply.slot());
            if (catalogSlot.isEmpty()) {
                return slot;
            }
            return thresholds(slot, catalog, catalogSlot.get());
        }

        private SlotState thresholds(SlotState slot, CatalogEntry catalog, CatalogSlot catalogSlot) {
            int threshold = catalogSlot.lowThresholdPercent();
            boolean low = supply.remainingPercent() <= threshold;
            if (low && !slot.lowSignalled()) {
                emit(SupplyEventType.LOW_SIGNAL, null, "at or below threshold " + threshold + "%");
                slot = slot.lowSignalledNow();
            }
            if (!catalog.eligible() || !supply.genuine() || slot.status() != SlotStatus.ARMED) {
                return slot;
            }
            Optional<Forecast> forecast = Forecast.estimate(slot, report.timestamp(), settings);
            OrderTrigger trigger = null;
            if (low) {
                trigger = OrderTrigger.THRESHOLD;
            } else if (settings.forecastEnabled() && forecast.isPresent()
                    && forecast.get().shorterThan(report.timestamp(), settings.forecastHorizonBusinessDays())) {
                trigger = OrderTrigger.FORECAST;
            }
            if (trigger == null) {
                return slot;
            }
            int cycle = slot.depletionCycle() + 1;
            ReplenishmentOrder order = order(catalog, catalogSlot, trigger, cycle, forecast.orElse(null));
            orders.add(order);
            emit(SupplyEventType.ORDER_TRIGGERED, order.orderId(), trigger + " order, depletion cycle " + cycle);
            return slot.ordered(cycle);
        }

        private ReplenishmentOrder order(CatalogEntry catalog, CatalogSlot catalogSlot, OrderTrigger trigger,
                                         int cycle, Forecast forecast) {
            var enrollment = printer.enrollment();
            String orderId = OrderIds.derive(enrollment.enrollmentId(), report.serial(), supply.slot(), cycle);
            Double days = forecast == null ? null : forecast.daysToEmpty();
            return new ReplenishmentOrder(orderId, report.serial(), catalog.model(), enrollment.enrollmentId(),
                    enrollment.accountId(), enrollment.channel(), supply.slot(), catalogSlot.sku(),
                    catalogSlot.colour(), supply.cartridgeId(), cycle, trigger, supply.remainingPercent(),
                    catalogSlot.lowThresholdPercent(), days, report.sequence(), at);
        }

        private void emit(SupplyEventType type, String orderId, String detail) {
            events.add(SupplyEvents.forSlot(type, printer, report, supply, orderId, detail, at));
        }
    }
}
