package io.inkflow.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A printer's latest supply levels as the streams application last accepted them, on the compacted topic
 * {@link Topics#PRINTER_STATUS} keyed by serial. Rate-limited per printer: published on the first
 * accepted report under a new enrollment, when levels change (at most once per minimum interval) and
 * as a heartbeat; so it is a "last seen" and "levels" feed, not a copy of every report.
 *
 * @param enrollmentId the enrollment held when the report was processed, null when none
 * @param accountId    that enrollment's account, null when none
 * @param reportedAt   when the report reached Kafka (the gateway's clock)
 * @param printerTime  the printer's own clock in the report
 */
public record PrinterStatus(String serial, String model, String enrollmentId, String accountId, Instant reportedAt,
                            Instant printerTime, List<SupplyLevel> supplies) {
    public PrinterStatus {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(printerTime, "printerTime");
        supplies = List.copyOf(supplies);
    }
}
