package io.inkflow.streams.policy;

import io.inkflow.schemas.Enrollment;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the streams application keeps per printer serial (one changelogged store entry).
 *
 * @param enrollment    the current enrollment, null when none is known
 * @param reportedModel the model named by the newest accepted report, null before the first
 * @param position      the newest accepted report, null before the first
 * @param lastReportAt  when the newest accepted report reached Kafka
 * @param staleNotified STALE_PRINTER already emitted for the current silence
 * @param slots         per slot name
 */
public record PrinterState(String serial, Enrollment enrollment, String reportedModel, DedupPosition position,
                           Instant lastReportAt, boolean staleNotified, Map<String, SlotState> slots) {
    public PrinterState {
        Objects.requireNonNull(serial, "serial");
        slots = Map.copyOf(slots);
    }

    public static PrinterState empty(String serial) {
        return new PrinterState(serial, null, null, null, null, false, Map.of());
    }

    /** Orders and supply events are produced only for a printer with an ACTIVE enrollment. */
    public boolean activelyEnrolled() {
        return enrollment != null && enrollment.active();
    }

    PrinterState withEnrollment(Enrollment next, Map<String, SlotState> nextSlots) {
        return new PrinterState(serial, next, reportedModel, position, lastReportAt, staleNotified, nextSlots);
    }

    PrinterState accepted(String model, DedupPosition next, Instant at, Map<String, SlotState> nextSlots) {
        return new PrinterState(serial, enrollment, model, next, at, false, nextSlots);
    }

    PrinterState withSlots(Map<String, SlotState> nextSlots) {
        return new PrinterState(serial, enrollment, reportedModel, position, lastReportAt, staleNotified, nextSlots);
    }

    PrinterState staleNotifiedNow() {
        return new PrinterState(serial, enrollment, reportedModel, position, lastReportAt, true, slots);
    }

    Map<String, SlotState> mutableSlots() {
        return new HashMap<>(slots);
    }
}
