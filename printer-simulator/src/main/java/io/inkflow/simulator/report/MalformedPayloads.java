package io.inkflow.simulator.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.TelemetryReport;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Payloads a broken printer might send. Each is unparsable or violates the telemetry schema, and
 * any sequence it carries is one the printer already used, so even a gateway that wrongly let it
 * through could not make the streams application order from it.
 */
public final class MalformedPayloads {
    public enum Variant { TRUNCATED, NOT_JSON, LEVEL_OVER_100, SEQUENCE_AS_STRING, NO_SUPPLIES, UNKNOWN_FIELD, EMPTY }

    private MalformedPayloads() {
    }

    public static Variant pick(SplittableRandom random) {
        Variant[] all = Variant.values();
        return all[random.nextInt(all.length)];
    }

    /** @param lastSent the printer's last valid report (already published) */
    public static byte[] build(Variant variant, TelemetryReport lastSent) {
        byte[] valid = ReportCodec.encode(lastSent);
        return switch (variant) {
            case TRUNCATED -> java.util.Arrays.copyOf(valid, Math.max(1, valid.length / 2));
            case NOT_JSON -> ("serial=" + lastSent.serial() + ";ink=low").getBytes(StandardCharsets.UTF_8);
            case EMPTY -> new byte[0];
            case LEVEL_OVER_100 -> mutate(lastSent, node -> ((ObjectNode) node.withArray("supplies").get(0))
                    .put("remainingPercent", 150));
            case SEQUENCE_AS_STRING -> mutate(lastSent, node -> node.put("sequence",
                    String.valueOf(lastSent.sequence())));
            case NO_SUPPLIES -> mutate(lastSent, node -> node.set("supplies", Json.mapper().createArrayNode()));
            case UNKNOWN_FIELD -> mutate(lastSent, node -> {
                ArrayNode supplies = node.withArray("supplies");
                ((ObjectNode) supplies.get(0)).put("inkColourHex", "#00ffff");
            });
        };
    }

    private static byte[] mutate(TelemetryReport report, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode node = Json.mapper().valueToTree(report);
        change.accept(node);
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
