package io.inkflow.streams.policy;

import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds supply events with deterministic ids (from the triggering record and the enrollment), so a
 * reprocessed record republishes the same event id and consumers can de-duplicate.
 */
final class SupplyEvents {
    private SupplyEvents() {
    }

    static SupplyEvent forSlot(SupplyEventType type, PrinterState state, String eventKey, String slot, String sku,
                               String cartridgeId, int level, String orderId, String detail, Instant at) {
        String id = id(type + "|" + state.serial() + '|' + enrollmentId(state) + '|' + eventKey + '|' + slot);
        return new SupplyEvent(id, type, state.serial(), model(state), accountId(state), slot, sku, cartridgeId, level,
                orderId, detail, at);
    }

    static SupplyEvent stale(PrinterState state, Instant at, String detail) {
        String id = id(SupplyEventType.STALE_PRINTER + "|" + state.serial() + '|' + enrollmentId(state) + '|'
                + state.lastReportAt());
        return new SupplyEvent(id, SupplyEventType.STALE_PRINTER, state.serial(), model(state), accountId(state), null,
                null, null, null, null, detail, at);
    }

    private static String model(PrinterState state) {
        if (state.reportedModel() != null) {
            return state.reportedModel();
        }
        return state.enrollment() == null ? null : state.enrollment().model();
    }

    private static String accountId(PrinterState state) {
        return state.enrollment() == null ? null : state.enrollment().accountId();
    }

    private static String enrollmentId(PrinterState state) {
        return state.enrollment() == null ? "-" : state.enrollment().enrollmentId();
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(("inkflow-supply|" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
