package io.inkflow.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * A supply event from the streams application, on {@link Topics#SUPPLY_EVENTS} keyed by serial.
 * {@code slot}, {@code cartridgeId} and {@code remainingPercent} are null for printer-wide events
 * such as STALE_PRINTER.
 */
public record SupplyEvent(String eventId, SupplyEventType type, String serial, String model, String accountId,
                          String slot, String sku, String cartridgeId, Integer remainingPercent, String orderId,
                          String detail, Instant occurredAt) {
    public SupplyEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
