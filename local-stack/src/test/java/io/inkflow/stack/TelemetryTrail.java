package io.inkflow.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.Topics;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.stack.chaos.TopicTail;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What Kafka holds about an order the oracle expected and the stack did not store: the printer's reports with
 * that slot's level, any of its reports the streams rejected, and any order the streams wrote for that slot. A
 * failed fleet check then says whether the report never arrived, the streams decided otherwise, or the dispatcher
 * lost an order the streams wrote.
 */
final class TelemetryTrail {
    private final String bootstrapServers;

    TelemetryTrail(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    String of(ExpectedOrder missing) {
        List<String> lines = new ArrayList<>();
        lines.add("trail of " + missing.serial() + "/" + missing.slot() + " (expected from report "
                + missing.bootEpoch() + "/" + missing.sequence() + ", " + missing.trigger() + "):");
        TopicTail.readAll(bootstrapServers, Topics.TELEMETRY, record -> {
            JsonNode report = json(record);
            if (missing.serial().equals(report.path("serial").asText())) {
                lines.add("  report " + report.path("bootEpoch").asText() + "/" + report.path("sequence").asText()
                        + " at " + report.path("timestamp").asText() + " " + slot(report, missing.slot())
                        + " (partition " + record.partition() + " offset " + record.offset() + ")");
            }
        });
        TopicTail.readAll(bootstrapServers, Topics.TELEMETRY_REJECTED, record -> {
            JsonNode rejected = json(record);
            if (missing.serial().equals(rejected.path("serial").asText())) {
                lines.add("  rejected " + rejected.path("reason").asText() + ": " + rejected.path("detail").asText());
            }
        });
        TopicTail.readAll(bootstrapServers, Topics.ORDERS, record -> {
            JsonNode order = json(record);
            if (missing.serial().equals(order.path("serial").asText())
                    && missing.slot().equals(order.path("slot").asText())) {
                lines.add("  order written " + order.path("orderId").asText() + " cycle "
                        + order.path("depletionCycle").asText() + " " + order.path("trigger").asText()
                        + " cartridge " + order.path("cartridgeId").asText() + " from report "
                        + order.path("reportSequence").asText());
            }
        });
        return String.join("\n", lines);
    }

    private static String slot(JsonNode report, String slot) {
        for (JsonNode supply : report.path("supplies")) {
            if (slot.equals(supply.path("slot").asText())) {
                return supply.path("remainingPercent").asText() + "% " + supply.path("cartridgeId").asText()
                        + (supply.path("genuine").asBoolean() ? "" : " not genuine");
            }
        }
        return "(slot not in the report)";
    }

    /** The record's JSON; an unreadable value (the fleet sends malformed payloads on purpose) reads as empty. */
    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return record.value() == null ? Json.mapper().createObjectNode() : Json.mapper().readTree(record.value());
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
