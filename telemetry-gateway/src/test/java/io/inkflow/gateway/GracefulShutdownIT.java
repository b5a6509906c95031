package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the gateway while a printer has reports in flight: everything Kafka stored is
 * acknowledged before the connection closes, so "stored" and "acknowledged" are the same set.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {
    private static final int REPORTS = 300;

    @TempDir
    Path dir;

    @Test
    void closeAcknowledgesEverythingItStoredBeforeDisconnecting() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
            broker.createInkflowTopics(1);
            TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "GATEWAY_BIND_HOST", "127.0.0.1",
                    "GATEWAY_MQTT_PORT", "0",
                    "GATEWAY_HTTP_PORT", "0",
                    "GATEWAY_AUTH_REQUIRED", "false")));
            String serial = "DRAIN-0001";
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), serial,
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setMaxInflight(REPORTS);
            client.connect(options).waitForCompletion(10_000);
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            for (int sequence = 1; sequence <= REPORTS; sequence++) {
                tokens.add(client.publish(TelemetryTopic.of(serial), Reports.bytes(serial, sequence), 1, false));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> tokens.stream().anyMatch(t -> t.isComplete()));

            gateway.close();

            // Paho marks a token complete on the thread that reads the PUBACK, before it sees the close.
            await().atMost(Duration.ofSeconds(30)).until(() -> !client.isConnected());
            Set<Long> acknowledged = new java.util.HashSet<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).isComplete() && tokens.get(i).getException() == null) {
                    acknowledged.add(i + 1L);
                }
            }
            Set<Long> stored = TopicReader.readAll(broker.bootstrapServers(), Topics.TELEMETRY).stream()
                    .map(r -> sequence(r.value())).collect(Collectors.toSet());
            assertThat(acknowledged).isNotEmpty();
            assertThat(stored).isEqualTo(acknowledged);
            client.close(true);
        }
    }

    private static long sequence(byte[] value) {
        try {
            return Json.mapper().readValue(value, TelemetryReport.class).sequence();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
