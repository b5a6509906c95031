package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.streams.policy.Decision;
import io.inkflow.streams.policy.EnrollmentPolicy;
import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.policy.ReportPolicy;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies enrollment changes (co-partitioned with telemetry by serial) to the printer state store.
 * When a printer becomes actively enrolled, its last reported levels are judged at once, so a low
 * report that arrived before the enrollment still orders.
 */
final class EnrollmentProcessor implements Processor<String, Enrollment, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(EnrollmentProcessor.class);
    private final ReportPolicy policy;
    private final CatalogCache catalogCache;
    private final DecisionEmitter emitter;
    private final ReplenishmentMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PrinterState> store;
    private KeyValueStore<String, CatalogEntry> catalog;

    EnrollmentProcessor(ReportPolicy policy, CatalogCache catalogCache, ReplenishmentMetrics metrics) {
        this.policy = policy;
        this.catalogCache = catalogCache;
        this.emitter = new DecisionEmitter(metrics);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PRINTER_STATE);
        this.catalog = context.getStateStore(StoreNames.MODEL_CATALOG);
    }

    @Override
    public void process(Record<String, Enrollment> record) {
        String serial = record.key();
        Enrollment enrollment = record.value();
        if (serial == null || (enrollment != null && !serial.equals(enrollment.serial()))) {
            reject(record);
            return;
        }
        PrinterState current = store.get(serial);
        PrinterState state = current == null ? PrinterState.empty(serial) : current;
        EnrollmentPolicy.Change change = EnrollmentPolicy.apply(state, enrollment);
        PrinterState next = change.state();
        if (change.activated()) {
            CatalogEntry entry = next.reportedModel() == null ? null : catalogCache.get(catalog, next.reportedModel());
            Decision decision = policy.activate(next, entry, Instant.ofEpochMilli(record.timestamp()));
            next = decision.state();
            emitter.emit(context, serial, decision, entry, record.timestamp());
        }
        if (!next.equals(state)) {
            store.put(serial, next);
        }
        log.debug("Enrollment applied [serial={}, status={}, activated={}]", serial,
                enrollment == null ? "REMOVED" : enrollment.status(), change.activated());
    }

    private void reject(Record<String, Enrollment> record) {
        RejectedRecord rejected = Rejections.serialMismatch(record.key(), record.value(), context.recordMetadata(),
                record.timestamp(), "enrollment key does not match its serial");
        metrics.rejected(RejectionReason.SERIAL_MISMATCH);
        log.warn("Rejected enrollment [origin={}, key={}]", rejected.origin(), record.key());
        context.forward(new Record<String, Object>(record.key(), rejected, record.timestamp()), StoreNames.REJECTED_SINK);
    }
}
