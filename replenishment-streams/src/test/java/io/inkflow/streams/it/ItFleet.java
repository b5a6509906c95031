package io.inkflow.streams.it;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A deterministic fleet for the integration tests: PIXMA TS6420a printers (slots PG and CL, both with
 * a 20 % threshold) whose cartridges fall from 100 % to 0 % in steps of 10 and are replaced, for a
 * number of depletion cycles. Every report is sent, then sent again (REPEAT), then the previous one
 * is resent (OUT_OF_ORDER), the way MQTT redelivery and reconnect resends interleave.
 */
final class ItFleet {
    static final String MODEL = "pixma-ts6420a";
    static final List<String> SLOTS = List.of("PG", "CL");
    private static final JsonSerde<TelemetryReport> SERDE = JsonSerde.of(TelemetryReport.class);
    private static final Instant BASE = Instant.parse("2026-03-02T08:00:00Z");

    final List<Enrollment> enrollments = new ArrayList<>();
    final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    final Set<String> expectedOrderIds = new HashSet<>();
    final int reportsPerPrinter;

    ItFleet(int printers, int cycles) {
        List<List<TelemetryReport>> perPrinter = new ArrayList<>();
        for (int p = 0; p < printers; p++) {
            String serial = "TS6420-IT-%04d".formatted(p);
            String enrollmentId = "enr-" + serial;
            enrollments.add(new Enrollment(enrollmentId, serial, MODEL, "acct-" + p, Channel.CANON,
                    EnrollmentStatus.ACTIVE, BASE));
            perPrinter.add(reports(serial, cycles));
            for (String slot : SLOTS) {
                for (int cycle = 1; cycle <= cycles; cycle++) {
                    expectedOrderIds.add(OrderIds.derive(enrollmentId, serial, slot, cycle));
                }
            }
        }
        reportsPerPrinter = perPrinter.getFirst().size();
        for (int i = 0; i < reportsPerPrinter; i++) {
            for (List<TelemetryReport> reports : perPrinter) {
                records.add(record(reports.get(i)));
                records.add(record(reports.get(i)));
                if (i > 0) {
                    records.add(record(reports.get(i - 1)));
                }
            }
        }
    }

    private static List<TelemetryReport> reports(String serial, int cycles) {
        List<TelemetryReport> reports = new ArrayList<>();
        long sequence = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            for (int level = 100; level >= 0; level -= 10) {
                sequence++;
                List<SupplyLevel> supplies = new ArrayList<>();
                for (String slot : SLOTS) {
                    supplies.add(new SupplyLevel(slot, "SKU-" + slot, slot, level, true,
                            serial + "-" + slot + "-" + cycle));
                }
                reports.add(new TelemetryReport(serial, MODEL, 1, sequence, BASE.plus(Duration.ofHours(sequence)),
                        sequence * 10, supplies));
            }
        }
        return reports;
    }

    private static ProducerRecord<String, byte[]> record(TelemetryReport report) {
        return new ProducerRecord<>(Topics.TELEMETRY, report.serial(), SERDE.serialize(Topics.TELEMETRY, report));
    }
}
