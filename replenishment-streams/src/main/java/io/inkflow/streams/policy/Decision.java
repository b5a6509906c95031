package io.inkflow.streams.policy;

import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import java.util.List;
import java.util.Objects;

/** The printer's next state and what to publish: orders first, then supply events, in list order. */
public record Decision(PrinterState state, List<ReplenishmentOrder> orders, List<SupplyEvent> events) {
    public Decision {
        Objects.requireNonNull(state, "state");
        orders = List.copyOf(orders);
        events = List.copyOf(events);
    }
}
