package io.inkflow.streams.policy;

import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds supply events with deterministic ids (from the triggering report or silence), so a
 * reprocessed report republishes the same event id and consumers can de-duplicate.
 */
final class SupplyEvents {
    private SupplyEvents() {
    }

    static SupplyEvent forSlot(SupplyEventType type, PrinterState state, TelemetryReport report, SupplyLevel supply,
                               String orderId, String detail, Instant at) {
        String id = id(type + "|" + report.serial() + '|' + report.bootEpoch() + '|' + report.sequence() + '|'
                + supply.slot());
        return new SupplyEvent(id, type, report.serial(), report.model(), accountId(state), supply.slot(),
                supply.sku(), supply.cartridgeId(), supply.remainingPercent(), orderId, detail, at);
    }

    static SupplyEvent stale(PrinterState state, Instant at, String detail) {
        String id = id(SupplyEventType.STALE_PRINTER + "|" + state.serial() + '|' + state.lastReportAt());
        String model = state.enrollment() == null ? null : state.enrollment().model();
        return new SupplyEvent(id, SupplyEventType.STALE_PRINTER, state.serial(), model, accountId(state), null,
                null, null, null, null, detail, at);
    }

    private static String accountId(PrinterState state) {
        return state.enrollment() == null ? null : state.enrollment().accountId();
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(("inkflow-supply|" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
