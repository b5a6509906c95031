package io.inkflow.schemas;

/**
 * Kafka topic names shared by every module. The version suffix changes only with an incompatible
 * message change; telemetry, enrollments, credentials, supply events and printer status are keyed by printer serial
 * and co-partitioned.
 */
public final class Topics {
    public static final String TELEMETRY = "printer.telemetry.v1";
    public static final String TELEMETRY_REJECTED = "printer.telemetry.rejected.v1";
    public static final String ENROLLMENTS = "printer.enrollments.v1";
    public static final String CREDENTIALS = "printer.credentials.v1";
    public static final String MODEL_CATALOG = "model.catalog.v1";
    public static final String ORDERS = "replenishment.orders.v1";
    public static final String ORDER_EVENTS = "order.events.v1";
    public static final String SUPPLY_EVENTS = "supply.events.v1";
    /** Compacted: each printer's latest accepted supply levels, rate-limited ({@link PrinterStatus}). */
    public static final String PRINTER_STATUS = "printer.status.v1";

    private Topics() {
    }
}
