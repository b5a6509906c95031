package io.inkflow.streams.topology;

import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.policy.StatusPolicy;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes an accepted report's levels to the status topic when {@link StatusPolicy} says so, and
 * remembers what it published (store {@link StoreNames#STATUS_MARKS}, written only on publish).
 */
final class StatusPublisher {
    private final StatusPolicy policy;
    private final ReplenishmentMetrics metrics;

    StatusPublisher(StatusPolicy policy, ReplenishmentMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    void accepted(ProcessorContext<String, Object> context, KeyValueStore<String, StatusPolicy.Mark> marks,
                  TelemetryReport report, PrinterState state, long timestamp) {
        Enrollment enrollment = state.enrollment();
        String enrollmentId = enrollment == null ? null : enrollment.enrollmentId();
        long fingerprint = StatusPolicy.fingerprint(report.supplies());
        Instant at = Instant.ofEpochMilli(timestamp);
        if (!policy.due(marks.get(report.serial()), enrollmentId, fingerprint, at)) {
            return;
        }
        PrinterStatus status = new PrinterStatus(report.serial(), report.model(), enrollmentId,
                enrollment == null ? null : enrollment.accountId(), at, report.timestamp(), report.supplies());
        context.forward(new Record<String, Object>(report.serial(), status, timestamp), StoreNames.STATUS_SINK);
        marks.put(report.serial(), new StatusPolicy.Mark(enrollmentId, at, fingerprint));
        metrics.statusPublished();
    }
}
