package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells customers about non-genuine cartridges: one notification per (printer, slot, cartridge), written
 * on the consumer's transaction. Other supply events are for the dashboard and are ignored here.
 */
public final class SupplyEventWriter implements BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(SupplyEventWriter.class);

    private final JsonSerde<SupplyEvent> serde = JsonSerde.of(SupplyEvent.class);
    private final NotificationOutbox notifications;
    private final MeterRegistry metrics;

    public SupplyEventWriter(NotificationOutbox notifications, MeterRegistry metrics) {
        this.notifications = notifications;
        this.metrics = metrics;
    }

    @Override
    public void handle(Connection c, List<InboundRecord> records) throws SQLException {
        List<NotificationOutbox.Request> requests = new ArrayList<>();
        for (InboundRecord record : records) {
            SupplyEvent event;
            try {
                event = serde.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                metrics.counter("dispatcher.supply_events.rejected").increment();
                log.warn("Skipping an unreadable supply event [partition={}, offset={}, error={}]",
                        record.partition(), record.offset(), e.getMessage());
                continue;
            }
            if (event == null || event.type() != SupplyEventType.NON_GENUINE_DETECTED || event.accountId() == null) {
                continue;
            }
            Map<String, String> values = new HashMap<>();
            values.put("serial", event.serial());
            values.put("model", event.model() == null ? "your printer" : event.model());
            values.put("slot", event.slot() == null ? "unknown" : event.slot());
            values.put("sku", event.sku() == null ? "Canon" : event.sku());
            String cartridge = event.cartridgeId() == null ? event.eventId() : event.cartridgeId();
            requests.add(new NotificationOutbox.Request(NotificationKind.NON_GENUINE_CARTRIDGE,
                    "non-genuine:" + event.serial() + ":" + event.slot() + ":" + cartridge, event.accountId(), null,
                    values));
        }
        notifications.enqueueAll(c, requests);
    }
}
