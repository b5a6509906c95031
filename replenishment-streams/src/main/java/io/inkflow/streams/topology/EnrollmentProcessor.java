package io.inkflow.streams.topology;

import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.streams.policy.EnrollmentPolicy;
import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies enrollment changes (co-partitioned with telemetry by serial) to the printer state store. */
final class EnrollmentProcessor implements Processor<String, Enrollment, String, RejectedRecord> {
    private static final Logger log = LoggerFactory.getLogger(EnrollmentProcessor.class);
    private final ReplenishmentMetrics metrics;
    private ProcessorContext<String, RejectedRecord> context;
    private KeyValueStore<String, PrinterState> store;

    EnrollmentProcessor(ReplenishmentMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RejectedRecord> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PRINTER_STATE);
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
        PrinterState next = EnrollmentPolicy.apply(state, enrollment);
        if (!next.equals(state)) {
            store.put(serial, next);
        }
        log.debug("Enrollment applied [serial={}, status={}]", serial,
                enrollment == null ? "REMOVED" : enrollment.status());
    }

    private void reject(Record<String, Enrollment> record) {
        RejectedRecord rejected = Rejections.serialMismatch(record.key(), record.value(), context.recordMetadata(),
                record.timestamp(), "enrollment key does not match its serial");
        metrics.rejected(RejectionReason.SERIAL_MISMATCH);
        log.warn("Rejected enrollment [origin={}, key={}]", rejected.origin(), record.key());
        context.forward(new Record<>(record.key(), rejected, record.timestamp()), StoreNames.REJECTED_SINK);
    }
}
