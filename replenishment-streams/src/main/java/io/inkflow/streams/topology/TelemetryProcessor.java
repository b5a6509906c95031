package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.streams.policy.Decision;
import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.policy.ReportOutcome;
import io.inkflow.streams.policy.ReportPolicy;
import io.inkflow.streams.policy.StatusPolicy;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each telemetry report through {@link ReportPolicy} against the printer's stored state and the
 * global catalog, stores the new state and emits orders and supply events, and the printer's status when due. State is written only
 * after the rules succeeded, so a report that fails processing changes nothing.
 */
final class TelemetryProcessor implements Processor<String, TelemetryReport, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(TelemetryProcessor.class);
    private final ReportPolicy policy;
    private final StalePrinterCheck staleCheck;
    private final Duration staleCheckInterval;
    private final ReplenishmentMetrics metrics;
    private final CatalogCache catalogCache;
    private final DecisionEmitter emitter;
    private final StatusPublisher statusPublisher;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PrinterState> store;
    private KeyValueStore<String, CatalogEntry> catalog;
    private KeyValueStore<String, StatusPolicy.Mark> statusMarks;

    TelemetryProcessor(ReportPolicy policy, StalePrinterCheck staleCheck, Duration staleCheckInterval,
                       ReplenishmentMetrics metrics, CatalogCache catalogCache, StatusPublisher statusPublisher) {
        this.catalogCache = catalogCache;
        this.emitter = new DecisionEmitter(metrics);
        this.policy = policy;
        this.staleCheck = staleCheck;
        this.staleCheckInterval = staleCheckInterval;
        this.metrics = metrics;
        this.statusPublisher = statusPublisher;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PRINTER_STATE);
        this.catalog = context.getStateStore(StoreNames.MODEL_CATALOG);
        this.statusMarks = context.getStateStore(StoreNames.STATUS_MARKS);
        // Wall-clock time: stream time stops when printers stop reporting, which is exactly when this must fire.
        context.schedule(staleCheckInterval, PunctuationType.WALL_CLOCK_TIME,
                now -> staleCheck.run(store, context, now));
    }

    @Override
    public void process(Record<String, TelemetryReport> record) {
        TelemetryReport report = record.value();
        if (report == null) {
            return;
        }
        String serial = record.key();
        if (!report.serial().equals(serial)) {
            reject(record);
            return;
        }
        PrinterState stored = store.get(serial);
        PrinterState state = stored == null ? PrinterState.empty(serial) : stored;
        CatalogEntry entry = catalogCache.get(catalog, report.model());
        ReportOutcome outcome = policy.apply(state, report, entry, Instant.ofEpochMilli(record.timestamp()));
        if (!outcome.freshness().accepted()) {
            metrics.reportDropped(outcome.freshness());
            log.debug("Dropped report [serial={}, bootEpoch={}, sequence={}, kind={}]", serial, report.bootEpoch(),
                    report.sequence(), outcome.freshness());
            return;
        }
        metrics.reportAccepted();
        if (entry == null) {
            metrics.unknownModel();
        }
        Decision decision = outcome.decision();
        store.put(serial, decision.state());
        emitter.emit(context, serial, decision, entry, record.timestamp());
        statusPublisher.accepted(context, statusMarks, report, decision.state(), record.timestamp());
    }

    private void reject(Record<String, TelemetryReport> record) {
        RejectedRecord rejected = Rejections.serialMismatch(record.key(), record.value(), context.recordMetadata(),
                record.timestamp(), "record key does not match the report's serial " + record.value().serial());
        metrics.rejected(RejectionReason.SERIAL_MISMATCH);
        log.warn("Rejected report [origin={}, key={}]", rejected.origin(), record.key());
        context.forward(new Record<String, Object>(record.key(), rejected, record.timestamp()), StoreNames.REJECTED_SINK);
    }
}
