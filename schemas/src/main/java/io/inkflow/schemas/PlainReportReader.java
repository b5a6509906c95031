package io.inkflow.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a report in one pass over its JSON tokens when it plainly meets {@code telemetry-report.schema.json}: the
 * gateway's validation and the streams application's deserializer try it first. Without a tree, a schema walk
 * and a binding it takes 1.6 µs and 2.5 KB of garbage per report, against 7 µs and 12 KB for the gateway's full
 * checks (docs/benchmarks.md, 2026-12-04). It is stricter than the schema: every key once, integers written as
 * integers, the timestamp in UTC with a {@code Z}. For anything else it returns null and the caller takes the
 * general way (the gateway's full checks, which name the rejection's reason; databind in streams), so it never
 * reads a report they would refuse, nor reads one differently. The gateway's {@code ReportValidatorDifferentialTest}
 * holds it to both.
 */
public final class PlainReportReader {
    private static final int MAX_SUPPLIES = 16;

    private final JsonFactory factory = Json.mapper().getFactory();

    /** The report, or null when it is not plainly valid. Never throws. */
    public TelemetryReport read(byte[] payload) {
        try (JsonParser parser = factory.createParser(payload)) {
            // The shared parser's duplicate detection keeps a hash set per object, most of this reading's garbage;
            // each field's guard below refuses a repeated key instead.
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            TelemetryReport report = parser.nextToken() == JsonToken.START_OBJECT ? report(parser) : null;
            return report != null && parser.nextToken() == null ? report : null;
        } catch (IOException | RuntimeException e) {
            return null; // the general way says what is wrong
        }
    }

    private static TelemetryReport report(JsonParser parser) throws IOException {
        String serial = null;
        String model = null;
        long bootEpoch = -1;
        long sequence = -1;
        long pageCount = -1;
        Instant timestamp = null;
        List<SupplyLevel> supplies = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            // A field read twice fails its own guard: a key given twice is not plain.
            boolean read = switch (field) {
                case "serial" -> serial == null && (serial = serial(parser, value)) != null;
                case "model" -> model == null && (model = text(parser, value, 64)) != null;
                case "bootEpoch" -> bootEpoch < 0 && (bootEpoch = count(parser, value)) >= 0;
                case "sequence" -> sequence < 0 && (sequence = count(parser, value)) >= 0;
                case "pageCount" -> pageCount < 0 && (pageCount = count(parser, value)) >= 0;
                case "timestamp" -> timestamp == null && value == JsonToken.VALUE_STRING
                        && (timestamp = utcTimestamp(parser.getText())) != null;
                case "supplies" -> supplies == null && (supplies = supplies(parser, value)) != null;
                default -> false;
            };
            if (!read) {
                return null;
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || serial == null || model == null || timestamp == null
                || supplies == null || bootEpoch < 0 || sequence < 0 || pageCount < 0) {
            return null;
        }
        return new TelemetryReport(serial, model, bootEpoch, sequence, timestamp, pageCount, supplies);
    }

    private static List<SupplyLevel> supplies(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<SupplyLevel> supplies = new ArrayList<>(8);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            SupplyLevel supply = supply(parser);
            if (supply == null || supplies.size() == MAX_SUPPLIES) {
                return null;
            }
            supplies.add(supply);
        }
        return parser.currentToken() == JsonToken.END_ARRAY && !supplies.isEmpty() ? supplies : null;
    }

    private static SupplyLevel supply(JsonParser parser) throws IOException {
        String slot = null;
        String sku = null;
        String colour = null;
        String cartridgeId = null;
        int remainingPercent = -1;
        Boolean genuine = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            boolean read = switch (field) {
                case "slot" -> slot == null && (slot = text(parser, value, 16)) != null;
                case "sku" -> sku == null && (sku = text(parser, value, 64)) != null;
                case "colour" -> colour == null && (colour = text(parser, value, 32)) != null;
                case "cartridgeId" -> cartridgeId == null && (cartridgeId = text(parser, value, 64)) != null;
                case "remainingPercent" -> remainingPercent < 0 && (remainingPercent = percent(parser, value)) >= 0;
                case "genuine" -> genuine == null && (genuine = bool(value)) != null;
                default -> false;
            };
            if (!read) {
                return null;
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || slot == null || sku == null || colour == null
                || cartridgeId == null || remainingPercent < 0 || genuine == null) {
            return null;
        }
        return new SupplyLevel(slot, sku, colour, remainingPercent, genuine, cartridgeId);
    }

    /** A string of 1 to {@code maxLength} characters, counted as the schema counts them (code points). */
    private static String text(JsonParser parser, JsonToken value, int maxLength) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        String text = parser.getText();
        int length = text.codePointCount(0, text.length());
        return length >= 1 && length <= maxLength ? text : null;
    }

    /** The schema's serial pattern, {@code ^[A-Za-z0-9][A-Za-z0-9-]{2,39}$}, without a regular expression. */
    private static String serial(JsonParser parser, JsonToken value) throws IOException {
        String serial = text(parser, value, 40);
        if (serial == null || serial.length() < 3 || serial.charAt(0) == '-') {
            return null;
        }
        for (int i = 0; i < serial.length(); i++) {
            char c = serial.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return serial;
    }

    /** A non-negative integer that fits a long, or -1. */
    private static long count(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long count = parser.getLongValue();
        return count >= 0 ? count : -1;
    }

    private static int percent(JsonParser parser, JsonToken value) throws IOException {
        long percent = count(parser, value);
        return percent <= 100 ? (int) percent : -1;
    }

    private static Boolean bool(JsonToken value) {
        return value == JsonToken.VALUE_TRUE ? Boolean.TRUE : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, the form {@link Instant#toString()} writes, or null. Calendar fields
     * out of range (a 30th of February, a 60th second) throw from {@link LocalDateTime#of}, and the caller returns
     * null.
     */
    private static Instant utcTimestamp(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || length > 20 && text.charAt(19) != '.') {
            return null;
        }
        int fractionDigits = length - 21; // between the '.' and the 'Z'; -1 when there is no fraction
        int nanos = 0;
        if (fractionDigits > 0) {
            nanos = digits(text, 20, fractionDigits);
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        LocalDateTime at = LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2),
                digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), nanos);
        return at.toInstant(ZoneOffset.UTC);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + digit(text, i);
        }
        return value;
    }

    private static int digit(String text, int at) {
        char c = text.charAt(at);
        if (c < '0' || c > '9') {
            throw new IllegalArgumentException("not a digit at " + at);
        }
        return c - '0';
    }
}
