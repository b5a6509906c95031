package io.inkflow.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.PlainReportReader;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link PlainReportReader} to the full checks: the validator with it and the validator without it (every
 * payload through tree, schema and binding) give the same verdict, reason and detail included, for valid reports
 * and for many thousands of broken ones; every report a printer writes takes the one-pass path; and what the
 * reader reads equals what databind reads from the same bytes (the streams application relies on that).
 */
class ReportValidatorDifferentialTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final SchemaValidator SCHEMAS = new SchemaValidator();
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String RAW = "@@raw@@";
    private static final String SERIAL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";
    private static final String[] TEXT_PIECES = {"a", "Z", "7", " ", "-", "\"", "\\", "/", "\n", "\t", "\u0001", "é",
        "中", "😀", "\u2028"};
    /** Values a broken or hostile printer might put anywhere, as raw JSON. */
    private static final String[] RAW_VALUES = {"null", "true", "false", "0", "-0", "1", "-1", "40", "100", "101",
        "40.0", "4e1", "40.5", "1E400", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "\"\"",
        "\"x\"", "\"40\"", "[]", "[1]", "{}", "{\"a\":1}", "\"" + "x".repeat(64) + "\"", "\"" + "x".repeat(65) + "\"",
        "\"" + "😀".repeat(16) + "\"", "\"" + "😀".repeat(17) + "\"", "\"AB\"", "\"ABC\"", "\"-ABC\"",
        "\"ABC\\n\"", "\"" + "A".repeat(40) + "\"", "\"" + "A".repeat(41) + "\"", "\"2026-11-21T09:59:30Z\"",
        "\"2026-11-21T09:59:30.5Z\"", "\"2026-11-21T09:59:30.12Z\"", "\"2026-11-21T09:59:30.1234Z\"",
        "\"2026-11-21T09:59:30.12345678Z\"", "\"2026-11-21T09:59:30.123456789Z\"",
        "\"2026-11-21T09:59:30.1234567891Z\"", "\"2026-11-21T09:59:30.Z\"", "\"2026-11-21T09:59:30z\"",
        "\"2026-11-21t09:59:30Z\"", "\"2026-11-21T09:59:30+00:00\"", "\"2026-11-21T10:59:30+01:00\"",
        "\"2026-11-21 09:59:30Z\"", "\"2026-02-29T00:00:00Z\"", "\"2024-02-29T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
        "\"2026-13-01T00:00:00Z\"", "\"2026-11-21T24:00:00Z\"", "\"2026-11-21T23:59:60Z\"", "\"2026-11-21T09:60:00Z\"",
        "\"0000-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"+2026-11-21T09:59:30Z\"", "\"2026-1-21T09:59:30Z\"",
        "\"2026-11-21T10:10:00Z\"", "\"2026-11-21T10:10:00.000000001Z\"", "\"2026-11-21T09:59:30.0Z\"",
        "\"2026-11-21T0a:59:30Z\""};
    /** Reasons found in a report that was read: the reader reads it, the checks after it refuse it. */
    private static final Set<RejectionReason> REPORT_CHECKS = EnumSet.of(RejectionReason.SERIAL_MISMATCH,
            RejectionReason.DUPLICATE_SLOT, RejectionReason.FUTURE_TIMESTAMP);
    private static final String TOKEN_NOISE = "{}[]\",:0a\\ -.";

    /** Roomy: the size limit comes before either reading and is not what is compared here. */
    private static final int MAX_BYTES = 65_536;

    private final ReportValidator withPlainReader = new ReportValidator(SCHEMAS, CLOCK, MAX_BYTES,
            Duration.ofMinutes(10));
    private final ReportValidator fullChecksOnly = new ReportValidator(SCHEMAS, CLOCK, MAX_BYTES,
            Duration.ofMinutes(10), payload -> null);
    private final PlainReportReader reader = new PlainReportReader();

    @Test
    void readsEveryReportAsPrintersWriteItInOnePass() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            TelemetryReport report = randomReport(random);
            byte[] payload = Reports.json(report);

            assertThat(reader.read(payload)).as(utf8(payload)).isEqualTo(report)
                    .isEqualTo(Json.mapper().readValue(payload, TelemetryReport.class));
            assertThat(withPlainReader.validate(payload, report.serial()))
                    .isEqualTo(fullChecksOnly.validate(payload, report.serial()))
                    .isEqualTo(new Verdict.Accepted(report.serial()));
        }
    }

    @Test
    void givesTheFullChecksVerdictForEveryBrokenReport() throws Exception {
        Random random = new Random(23);
        int tried = 0;
        int acceptedByBoth = 0;
        int rejectedByBoth = 0;
        int leftToTheFullChecks = 0;
        for (int i = 0; i < 6_000; i++) {
            TelemetryReport base = randomReport(random);
            for (byte[] mutant : List.of(replaceValue(base, random), removeOrAddField(base, random),
                    garble(Reports.json(base), random), duplicateField(base, random))) {
                Verdict full = fullChecksOnly.validate(mutant, base.serial());

                assertThat(withPlainReader.validate(mutant, base.serial())).as(utf8(mutant)).isEqualTo(full);

                tried++;
                if (full instanceof Verdict.Accepted) {
                    acceptedByBoth++;
                    TelemetryReport read = reader.read(mutant);
                    if (read == null) {
                        leftToTheFullChecks++;
                    } else {
                        // streams reads the topic with the same reader: it must read what databind reads
                        assertThat(read).as(utf8(mutant))
                                .isEqualTo(Json.mapper().readValue(mutant, TelemetryReport.class));
                    }
                } else {
                    rejectedByBoth++;
                    if (!REPORT_CHECKS.contains(((Verdict.Rejected) full).reason())) {
                        assertThat(reader.read(mutant)).as(utf8(mutant)).isNull();
                    }
                }
            }
        }
        // The mix must exercise both verdicts, and payloads that are valid without being plain.
        assertThat(tried).isEqualTo(24_000);
        assertThat(acceptedByBoth).isGreaterThan(2_000);
        assertThat(rejectedByBoth).isGreaterThan(10_000);
        assertThat(leftToTheFullChecks).isGreaterThan(50);
    }

    @Test
    void givesTheFullChecksVerdictForEveryRawValueInEveryField() throws Exception {
        TelemetryReport base = randomReport(new Random(5));
        ObjectNode baseTree = Json.mapper().valueToTree(base);
        List<String> fields = new ArrayList<>();
        baseTree.fieldNames().forEachRemaining(fields::add);
        ObjectNode supply = (ObjectNode) baseTree.get("supplies").get(0);
        List<String> supplyFields = new ArrayList<>();
        supply.fieldNames().forEachRemaining(supplyFields::add);
        for (String raw : RAW_VALUES) {
            for (String field : fields) {
                assertSameVerdict(withRaw(base, tree -> tree.set(field, TextNode.valueOf(RAW)), raw), base.serial());
            }
            for (String field : supplyFields) {
                assertSameVerdict(withRaw(base, tree -> ((ObjectNode) tree.get("supplies").get(0))
                        .set(field, TextNode.valueOf(RAW)), raw), base.serial());
            }
            assertSameVerdict(withRaw(base, tree -> ((ArrayNode) tree.get("supplies")).add(TextNode.valueOf(RAW)), raw),
                    base.serial());
        }
    }

    private void assertSameVerdict(byte[] payload, String serial) {
        assertThat(withPlainReader.validate(payload, serial)).as(utf8(payload))
                .isEqualTo(fullChecksOnly.validate(payload, serial));
    }

    private static TelemetryReport randomReport(Random random) {
        int slots = 1 + random.nextInt(random.nextInt(8) == 0 ? 16 : 5);
        List<SupplyLevel> supplies = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            supplies.add(new SupplyLevel("S" + s + "-" + text(random, 12), text(random, 64), text(random, 32),
                    random.nextInt(101), random.nextBoolean(), text(random, 64)));
        }
        StringBuilder serial = new StringBuilder();
        serial.append(SERIAL_CHARS.charAt(random.nextInt(SERIAL_CHARS.length() - 1)));
        for (int c = 2 + random.nextInt(38); c > 0; c--) {
            serial.append(SERIAL_CHARS.charAt(random.nextInt(SERIAL_CHARS.length())));
        }
        Instant timestamp = NOW.minusSeconds(random.nextInt(86_400 * 400))
                .plusNanos(switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1000) * 1_000_000L;
                    case 2 -> random.nextInt(1_000_000) * 1_000L;
                    default -> random.nextInt(1_000_000_000);
                });
        return new TelemetryReport(serial.toString(), text(random, 64), count(random), count(random), timestamp,
                count(random), supplies);
    }

    /** 1 to {@code maxCodePoints} code points, some outside the basic plane, some that JSON must escape. */
    private static String text(Random random, int maxCodePoints) {
        int length = random.nextInt(4) == 0 ? maxCodePoints : 1 + random.nextInt(Math.min(maxCodePoints, 12));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(3) == 0 ? TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]
                    : String.valueOf((char) ('a' + random.nextInt(26))));
        }
        return text.toString();
    }

    private static long count(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE - random.nextInt(3);
            default -> random.nextInt(1_000_000);
        };
    }

    private static byte[] replaceValue(TelemetryReport base, Random random) {
        String raw = RAW_VALUES[random.nextInt(RAW_VALUES.length)];
        return withRaw(base, tree -> {
            ObjectNode target = random.nextBoolean() ? tree
                    : (ObjectNode) tree.get("supplies").get(random.nextInt(tree.get("supplies").size()));
            List<String> fields = new ArrayList<>();
            target.fieldNames().forEachRemaining(fields::add);
            target.set(fields.get(random.nextInt(fields.size())), TextNode.valueOf(RAW));
        }, raw);
    }

    private static byte[] removeOrAddField(TelemetryReport base, Random random) {
        ObjectNode tree = Json.mapper().valueToTree(base);
        ObjectNode target = random.nextBoolean() ? tree : (ObjectNode) tree.get("supplies").get(0);
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        switch (random.nextInt(4)) {
            case 0 -> target.remove(fields.get(random.nextInt(fields.size())));
            case 1 -> target.put("firmware", "1.0");
            case 2 -> ((ArrayNode) tree.get("supplies")).removeAll();
            default -> {
                ArrayNode supplies = (ArrayNode) tree.get("supplies");
                JsonNode first = supplies.get(0);
                for (int i = random.nextInt(17); i >= 0; i--) {
                    supplies.add(first.deepCopy());
                }
            }
        }
        return bytes(tree);
    }

    /** Text edits that JSON parsers must refuse or read differently: a character dropped, added or appended. */
    private static byte[] garble(byte[] json, Random random) {
        StringBuilder text = new StringBuilder(utf8(json));
        int at = random.nextInt(text.length());
        char noise = TOKEN_NOISE.charAt(random.nextInt(TOKEN_NOISE.length()));
        switch (random.nextInt(3)) {
            case 0 -> text.deleteCharAt(at);
            case 1 -> text.insert(at, noise);
            default -> text.append(random.nextBoolean() ? " " + noise : "\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A field of the report or of its first supply given twice, the same valid value both times. */
    private static byte[] duplicateField(TelemetryReport base, Random random) {
        ObjectNode tree = Json.mapper().valueToTree(base);
        boolean inSupply = random.nextBoolean();
        ObjectNode target = inSupply ? (ObjectNode) tree.get("supplies").get(0) : tree;
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        String repeated = "{\"" + field + "\":" + utf8(bytes(target.get(field))) + ",";
        String text = utf8(bytes(tree));
        int at = inSupply ? text.indexOf("[{") + 1 : 0;
        return (text.substring(0, at) + repeated + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withRaw(TelemetryReport base, Consumer<ObjectNode> edit, String raw) {
        ObjectNode tree = Json.mapper().valueToTree(base);
        edit.accept(tree);
        return utf8(bytes(tree)).replace("\"" + RAW + "\"", raw).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode tree) {
        try {
            return Json.mapper().writeValueAsBytes(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
