package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.Topics;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trail of a missing order lists that printer's reports with the slot's level, its rejections and its orders. */
class TelemetryTrailIT {
    @TempDir
    Path dir;

    @Test
    void listsThePrintersReportsRejectionsAndOrdersForTheSlotAndSkipsTheRest() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
            broker.createInkflowTopics(1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.TELEMETRY, "S1", report("S1", 1, 40, true))).get();
                producer.send(new ProducerRecord<>(Topics.TELEMETRY, "S2", report("S2", 1, 5, true))).get();
                producer.send(new ProducerRecord<>(Topics.TELEMETRY, "S1", "{not json")).get();
                producer.send(new ProducerRecord<>(Topics.TELEMETRY, "S1", report("S1", 2, 9, false))).get();
                producer.send(new ProducerRecord<>(Topics.TELEMETRY_REJECTED, "S1", """
                        {"source":"streams","reason":"SCHEMA_INVALID","detail":"supplies missing","serial":"S1",\
                        "payloadBase64":"","rejectedAt":"2026-12-03T07:00:00Z"}""")).get();
                producer.send(new ProducerRecord<>(Topics.ORDERS, "S1", order("S1", "K", "ord-1"))).get();
                producer.send(new ProducerRecord<>(Topics.ORDERS, "S1", order("S1", "C", "ord-2"))).get();
            }
            ExpectedOrder missing = ExpectedOrder.threshold("S1", "K", "SKU", 1, "enr-S1",
                    OrderIds.derive("enr-S1", "S1", "K", 1), "cart-S1", 7, 2);

            String trail = new TelemetryTrail(broker.bootstrapServers()).of(missing);

            assertThat(trail).isEqualTo("""
                    trail of S1/K (expected from report 7/2, THRESHOLD):
                      report 7/1 at 2026-11-03T10:00:00Z 40% cart-S1 (partition 0 offset 0)
                      report 7/2 at 2026-11-03T10:00:00Z 9% cart-S1 not genuine (partition 0 offset 3)
                      rejected SCHEMA_INVALID: supplies missing
                      order written ord-1 cycle 1 THRESHOLD cartridge cart-S1 from report 2""");
        }
    }

    private static String report(String serial, long sequence, int percent, boolean genuine) {
        return """
                {"serial":"%s","model":"pixma-g7020","bootEpoch":7,"sequence":%d,"timestamp":"2026-11-03T10:00:00Z",\
                "pageCount":10,"supplies":[{"slot":"C","sku":"C-1","colour":"cyan","remainingPercent":80,\
                "genuine":true,"cartridgeId":"cart-C"},{"slot":"K","sku":"K-1","colour":"black","remainingPercent":%d,\
                "genuine":%s,"cartridgeId":"cart-%s"}]}""".formatted(serial, sequence, percent, genuine, serial);
    }

    private static String order(String serial, String slot, String orderId) {
        return """
                {"orderId":"%s","serial":"%s","slot":"%s","depletionCycle":1,"trigger":"THRESHOLD",\
                "cartridgeId":"cart-%s","reportSequence":2}""".formatted(orderId, serial, slot, serial);
    }
}
