package io.inkflow.schemas;

/** The JSON Schema (draft 2020-12) resource of each message, under {@code schemas/} on the classpath. */
public enum MessageSchema {
    TELEMETRY_REPORT("telemetry-report.schema.json", TelemetryReport.class),
    ENROLLMENT("enrollment.schema.json", Enrollment.class),
    DEVICE_CREDENTIAL("device-credential.schema.json", DeviceCredential.class),
    CATALOG_ENTRY("catalog-entry.schema.json", CatalogEntry.class),
    REPLENISHMENT_ORDER("replenishment-order.schema.json", ReplenishmentOrder.class),
    ORDER_EVENT("order-event.schema.json", OrderEvent.class),
    REJECTED_RECORD("rejected-record.schema.json", RejectedRecord.class),
    SUPPLY_EVENT("supply-event.schema.json", SupplyEvent.class),
    PRINTER_STATUS("printer-status.schema.json", PrinterStatus.class);

    private final String fileName;
    private final Class<?> recordType;

    MessageSchema(String fileName, Class<?> recordType) {
        this.fileName = fileName;
        this.recordType = recordType;
    }

    public String resourcePath() {
        return "schemas/" + fileName;
    }

    public String fileName() {
        return fileName;
    }

    public Class<?> recordType() {
        return recordType;
    }
}
