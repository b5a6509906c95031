package io.inkflow.streams.topology;

import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.policy.StalePolicy;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The periodic scan of one task's printers that emits STALE_PRINTER once per silence. */
final class StalePrinterCheck {
    private static final Logger log = LoggerFactory.getLogger(StalePrinterCheck.class);
    private final StalePolicy policy;
    private final ReplenishmentMetrics metrics;

    StalePrinterCheck(StalePolicy policy, ReplenishmentMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    void run(KeyValueStore<String, PrinterState> store, ProcessorContext<String, Object> context, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        List<StalePolicy.Stale> found = new ArrayList<>();
        try (KeyValueIterator<String, PrinterState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PrinterState> entry = all.next();
                policy.check(entry.value, now).ifPresent(found::add);
            }
        }
        // Written after the scan: updating a store while iterating it is not guaranteed to be safe.
        for (StalePolicy.Stale stale : found) {
            String serial = stale.state().serial();
            store.put(serial, stale.state());
            context.forward(new Record<String, Object>(serial, stale.event(), nowMillis), StoreNames.SUPPLY_EVENTS_SINK);
            metrics.supplyEvent(stale.event().type());
            log.debug("Printer stale [serial={}, lastReportAt={}]", serial, stale.state().lastReportAt());
        }
    }
}
