package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.ingest.RecordReader.Read;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells customers about non-genuine cartridges: one notification per (printer, slot, cartridge), written
 * on the consumer's transaction. Other supply events are for the dashboard and are ignored here; a record
 * that is not a readable supply event is set aside as a dead letter.
 */
public final class SupplyEventWriter implements BatchHandler {
    private final RecordReader<SupplyEvent> reader;
    private final NotificationOutbox notifications;

    public SupplyEventWriter(SchemaValidator validator, NotificationOutbox notifications) {
        this.reader = new RecordReader<>(MessageSchema.SUPPLY_EVENT, SupplyEvent.class, validator);
        this.notifications = notifications;
    }

    @Override
    public DispatcherMetrics.Source source() {
        return DispatcherMetrics.Source.SUPPLY_EVENTS;
    }

    /** A notification to write, and the record it came from. */
    private record Notice(InboundRecord record, NotificationOutbox.Request request) {
        @Override
        public String toString() {
            return record.topic() + "/" + record.partition() + "@" + record.offset();
        }
    }

    @Override
    public List<DeadLetter> handle(Connection c, List<InboundRecord> records) throws SQLException {
        List<DeadLetter> refused = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        for (InboundRecord record : records) {
            switch (reader.read(record)) {
                case Read.Refused<SupplyEvent> r -> refused.add(r.letter());
                case Read.Ok<SupplyEvent> ok -> {
                    SupplyEvent event = ok.message();
                    if (event.type() == SupplyEventType.NON_GENUINE_DETECTED && event.accountId() != null) {
                        notices.add(new Notice(record, nonGenuine(event)));
                    }
                }
            }
        }
        PoisonIsolation.Outcome<Notice> outcome = PoisonIsolation.write(c, notices, (conn, batch) -> {
            notifications.enqueueAll(conn, batch.stream().map(Notice::request).toList());
            return batch.size();
        });
        refused.addAll(outcome.deadLetters(Notice::record));
        return refused;
    }

    private static NotificationOutbox.Request nonGenuine(SupplyEvent event) {
        Map<String, String> values = new HashMap<>();
        values.put("serial", event.serial());
        values.put("model", event.model() == null ? "your printer" : event.model());
        values.put("slot", event.slot() == null ? "unknown" : event.slot());
        values.put("sku", event.sku() == null ? "Canon" : event.sku());
        String cartridge = event.cartridgeId() == null ? event.eventId() : event.cartridgeId();
        return new NotificationOutbox.Request(NotificationKind.NON_GENUINE_CARTRIDGE,
                "non-genuine:" + event.serial() + ":" + event.slot() + ":" + cartridge, event.accountId(), null, values);
    }
}
