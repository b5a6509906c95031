package io.inkflow.gateway.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.PlainReportReader;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether a printer's payload is a report the rest of InkFlow can trust. The checks run
 * cheapest first and the most specific reason wins (a level of 140 is LEVEL_OUT_OF_RANGE, not a
 * generic schema violation), so operators see why a printer is misbehaving. A report that plainly meets the
 * schema, as every printer's should, is read by {@link PlainReportReader} in one pass; any other goes through the
 * full checks (tree, schema, binding), which name the reason. Never throws.
 */
public final class ReportValidator {
    private final SchemaValidator schemas;
    private final Clock clock;
    private final int maxReportBytes;
    private final Duration maxFutureSkew;
    private final ObjectMapper mapper = Json.mapper();
    private final Function<byte[], TelemetryReport> plainReader;

    public ReportValidator(SchemaValidator schemas, Clock clock, int maxReportBytes, Duration maxFutureSkew) {
        this(schemas, clock, maxReportBytes, maxFutureSkew, new PlainReportReader()::read);
    }

    /** @param plainReader the report when it is plainly valid, else null: the full checks then decide */
    ReportValidator(SchemaValidator schemas, Clock clock, int maxReportBytes, Duration maxFutureSkew,
                    Function<byte[], TelemetryReport> plainReader) {
        this.plainReader = Objects.requireNonNull(plainReader, "plainReader");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxReportBytes = maxReportBytes;
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    }

    /**
     * @param payload        the bytes as published
     * @param expectedSerial the serial the printer authenticated as (or named in its topic)
     */
    public Verdict validate(byte[] payload, String expectedSerial) {
        try {
            return check(payload, expectedSerial);
        } catch (RuntimeException e) {
            // A validator bug must cost one report, not the connection; the reason makes it visible.
            return new Verdict.Rejected(RejectionReason.PROCESSING_ERROR, e.getClass().getSimpleName());
        }
    }

    private Verdict check(byte[] payload, String expectedSerial) {
        if (payload.length > maxReportBytes) {
            return new Verdict.Rejected(RejectionReason.OVERSIZE,
                    "report is " + payload.length + " bytes, limit " + maxReportBytes);
        }
        TelemetryReport report = plainReader.apply(payload);
        if (report == null) {
            Read read = readFully(payload);
            if (read.rejection() != null) {
                return read.rejection();
            }
            report = read.report();
        }
        return checkReport(report, expectedSerial);
    }

    /** The report, or the most specific reason it is not one. */
    private record Read(TelemetryReport report, Verdict.Rejected rejection) {
        static Read rejected(Verdict.Rejected rejection) {
            return new Read(null, rejection);
        }

        static Read rejected(RejectionReason reason, String detail) {
            return rejected(new Verdict.Rejected(reason, detail));
        }
    }

    private Read readFully(byte[] payload) {
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            return Read.rejected(parseFailure(e));
        } catch (IOException e) {
            return Read.rejected(RejectionReason.NOT_JSON, e.getClass().getSimpleName());
        }
        if (node == null || node.isMissingNode()) {
            return Read.rejected(RejectionReason.NOT_JSON, "empty payload");
        }
        Verdict.Rejected levels = checkLevels(node);
        if (levels != null) {
            return Read.rejected(levels);
        }
        List<String> violations = schemas.validate(MessageSchema.TELEMETRY_REPORT, node);
        if (!violations.isEmpty()) {
            return Read.rejected(RejectionReason.SCHEMA_VIOLATION, String.join("; ", violations));
        }
        try {
            return new Read(mapper.treeToValue(node, TelemetryReport.class), null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Read.rejected(RejectionReason.SCHEMA_VIOLATION, firstLine(e.getMessage()));
        }
    }

    private Verdict checkReport(TelemetryReport report, String expectedSerial) {
        if (!report.serial().equals(expectedSerial)) {
            return new Verdict.Rejected(RejectionReason.SERIAL_MISMATCH,
                    "report serial " + report.serial() + " does not match " + expectedSerial);
        }
        String repeatedSlot = firstRepeatedSlot(report);
        if (repeatedSlot != null) {
            // Two levels for one slot cannot both be true; refusing here keeps the ambiguity out of
            // the topic instead of acknowledging it and failing two hops later in streams.
            return new Verdict.Rejected(RejectionReason.DUPLICATE_SLOT, "slot " + repeatedSlot + " is listed twice");
        }
        Instant latest = clock.instant().plus(maxFutureSkew);
        if (report.timestamp().isAfter(latest)) {
            return new Verdict.Rejected(RejectionReason.FUTURE_TIMESTAMP,
                    "timestamp " + report.timestamp() + " is after " + latest);
        }
        return new Verdict.Accepted(report.serial());
    }

    private static Verdict.Rejected parseFailure(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            return new Verdict.Rejected(RejectionReason.DUPLICATE_KEY, message);
        }
        return new Verdict.Rejected(RejectionReason.NOT_JSON, message);
    }

    private static Verdict.Rejected checkLevels(JsonNode node) {
        JsonNode supplies = node.get("supplies");
        if (supplies == null || !supplies.isArray()) {
            return null;
        }
        for (JsonNode supply : supplies) {
            JsonNode level = supply.get("remainingPercent");
            if (level != null && level.isNumber() && (level.doubleValue() < 0 || level.doubleValue() > 100)) {
                return new Verdict.Rejected(RejectionReason.LEVEL_OUT_OF_RANGE,
                        "remainingPercent " + level.asText() + " outside 0..100");
            }
        }
        return null;
    }

    private static String firstRepeatedSlot(TelemetryReport report) {
        Set<String> seen = new HashSet<>();
        for (SupplyLevel supply : report.supplies()) {
            if (!seen.add(supply.slot())) {
                return supply.slot();
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
