package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.streams.policy.Decision;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards a decision's orders and supply events to their sinks, and counts them. */
final class DecisionEmitter {
    private static final Logger log = LoggerFactory.getLogger(DecisionEmitter.class);
    private final ReplenishmentMetrics metrics;

    DecisionEmitter(ReplenishmentMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param catalog the entry the decision was made with; orders exist only when it is not null */
    void emit(ProcessorContext<String, Object> context, String serial, Decision decision, CatalogEntry catalog,
              long timestamp) {
        for (ReplenishmentOrder order : decision.orders()) {
            context.forward(new Record<String, Object>(serial, order, timestamp), StoreNames.ORDERS_SINK);
            metrics.orderEmitted(order.trigger(), catalog.series());
            log.debug("Order emitted [serial={}, slot={}, cycle={}, trigger={}, orderId={}]", serial, order.slot(),
                    order.depletionCycle(), order.trigger(), order.orderId());
        }
        for (SupplyEvent event : decision.events()) {
            context.forward(new Record<String, Object>(serial, event, timestamp), StoreNames.SUPPLY_EVENTS_SINK);
            metrics.supplyEvent(event.type());
        }
    }
}
