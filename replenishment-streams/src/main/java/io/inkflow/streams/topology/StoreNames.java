package io.inkflow.streams.topology;

/** Names of the topology's nodes and stores; store names also name their changelog topics. */
public final class StoreNames {
    /** Per printer serial: enrollment, dedup position and slot states. Changelogged. */
    public static final String PRINTER_STATE = "printer-state";
    /** Global copy of the model catalog, keyed by model id. */
    public static final String MODEL_CATALOG = "model-catalog";
    /** Per printer serial: what was last published to the status topic. Changelogged. */
    public static final String STATUS_MARKS = "printer-status-marks";

    static final String TELEMETRY_SOURCE = "telemetry-source";
    static final String ENROLLMENT_SOURCE = "enrollment-source";
    static final String CATALOG_SOURCE = "catalog-source";
    static final String TELEMETRY_PROCESSOR = "telemetry-processor";
    static final String ENROLLMENT_PROCESSOR = "enrollment-processor";
    static final String CATALOG_PROCESSOR = "catalog-processor";
    static final String ORDERS_SINK = "orders-sink";
    static final String SUPPLY_EVENTS_SINK = "supply-events-sink";
    static final String REJECTED_SINK = "rejected-sink";
    static final String STATUS_SINK = "printer-status-sink";

    private StoreNames() {
    }
}
