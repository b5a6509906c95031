package io.inkflow.streams.policy;

import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import java.util.List;
import java.util.Objects;

/**
 * What one telemetry report did: the printer's next state (unchanged when the report was dropped),
 * the orders to emit and the supply events to publish, in that order.
 */
public record ReportOutcome(Freshness freshness, PrinterState state, List<ReplenishmentOrder> orders,
                           List<SupplyEvent> events) {
    public ReportOutcome {
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(state, "state");
        orders = List.copyOf(orders);
        events = List.copyOf(events);
    }

    static ReportOutcome dropped(Freshness freshness, PrinterState unchanged) {
        return new ReportOutcome(freshness, unchanged, List.of(), List.of());
    }
}
