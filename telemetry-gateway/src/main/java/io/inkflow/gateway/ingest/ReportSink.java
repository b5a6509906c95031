package io.inkflow.gateway.ingest;

import io.inkflow.schemas.RejectedRecord;
import java.util.concurrent.CompletionStage;

/**
 * Where checked reports go. Each stage completes only once the record is durably stored (Kafka
 * acknowledged it), and completes exceptionally when it could not be stored: the caller must then
 * not acknowledge the report to the printer.
 */
public interface ReportSink {

    /** Stores the printer's original bytes, keyed by its serial. */
    CompletionStage<Void> accept(String serial, byte[] report);

    /** Stores a rejected report with its reason. */
    CompletionStage<Void> reject(RejectedRecord record);

    /**
     * False while the sink knows it cannot store anything (it refuses reports at once); the gateway then
     * refuses new connections as "server unavailable" rather than take printers it cannot serve.
     */
    default boolean available() {
        return true;
    }
}
