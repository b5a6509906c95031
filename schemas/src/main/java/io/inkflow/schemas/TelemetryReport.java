package io.inkflow.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A printer's supply report, published on {@code printers/{serial}/telemetry} and written by the
 * gateway to {@link Topics#TELEMETRY} keyed by serial. Schema: {@code schemas/telemetry-report.schema.json}.
 *
 * @param serial    printer serial (also the MQTT username)
 * @param model     model id from the catalog, for example {@code pixma-ts8320}
 * @param bootEpoch increments every time the printer restarts its sequence numbering
 * @param sequence  per printer and boot epoch, strictly increasing; duplicates reuse it
 * @param timestamp the printer's own clock when it took the reading
 * @param pageCount total pages printed over the printer's life
 * @param supplies  one entry per supply slot
 */
public record TelemetryReport(String serial, String model, long bootEpoch, long sequence, Instant timestamp,
                              long pageCount, List<SupplyLevel> supplies) {
    public TelemetryReport {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timestamp, "timestamp");
        supplies = List.copyOf(supplies);
    }
}
