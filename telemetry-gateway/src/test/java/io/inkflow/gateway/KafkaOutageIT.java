package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printers keep publishing while the Kafka broker stops and comes back. The gateway must not
 * acknowledge anything while Kafka is away, must recover by itself, and every report it did
 * acknowledge must be in the telemetry topic. And when the producer has no metadata for the topic
 * (all of Kafka gone long enough, or the topic missing), reports are refused at once rather than
 * each blocking an event loop for {@code max.block.ms}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaOutageIT {
    private static final int PRINTERS = 4;

    @TempDir
    Path dir;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ackCount = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void everyAcknowledgedReportSurvivesABrokerRestart() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
            broker.createInkflowTopics(2);
            try (TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "GATEWAY_BIND_HOST", "127.0.0.1",
                    "GATEWAY_MQTT_PORT", "0",
                    "GATEWAY_HTTP_PORT", "0",
                    "GATEWAY_AUTH_REQUIRED", "false",
                    "GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS", "90000")))) {
                ExecutorService printers = Executors.newFixedThreadPool(PRINTERS);
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < PRINTERS; i++) {
                    String serial = "OUTAGE-" + i;
                    running.add(printers.submit(() -> publishUntilStopped(gateway.mqttPort(), serial)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> ackCount.get() >= 40);

                broker.stop();
                int ackedWhenStopped = ackCount.get();
                // Kafka is down: for a while nothing new may be acknowledged.
                await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                        .until(() -> ackCount.get() <= ackedWhenStopped + PRINTERS);
                assertThat(ackCount.get()).as("acknowledgements while Kafka was down")
                        .isLessThanOrEqualTo(ackedWhenStopped + PRINTERS);

                broker.restart();
                int ackedAtRestart = ackCount.get();
                await().atMost(Duration.ofSeconds(90)).until(() -> ackCount.get() >= ackedAtRestart + 40);

                this.running.set(false);
                for (Future<?> printer : running) {
                    printer.get(60, TimeUnit.SECONDS);
                }
                printers.shutdown();

                Set<String> stored = ConcurrentHashMap.newKeySet();
                TopicReader.readAll(broker.bootstrapServers(), Topics.TELEMETRY).forEach(r -> stored.add(id(r.value())));
                assertThat(stored).containsAll(acknowledged);
                assertThat(acknowledged).hasSizeGreaterThan(80);
            }
        }
    }

    @Test
    void reportsAreRefusedAtOnceAndConnectionsAsUnavailableWhileTheTopicHasNoMetadata() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"));
             TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                     "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                     "GATEWAY_BIND_HOST", "127.0.0.1",
                     "GATEWAY_MQTT_PORT", "0",
                     "GATEWAY_HTTP_PORT", "0",
                     "GATEWAY_AUTH_REQUIRED", "false")))) {
            // No topics yet: the producer can get no metadata for printer.telemetry.v1.
            int http = gateway.httpPort();
            List<MqttClient> printers = new ArrayList<>();
            try {
                for (int i = 1; i <= 12; i++) {
                    printers.add(connect(gateway.mqttPort(), "NOMETA-" + i));
                }
                for (MqttClient printer : printers) {
                    assertThat(publish(printer, 1)).as("acknowledged without a topic").isFalse();
                }
            } finally {
                printers.forEach(KafkaOutageIT::closeQuietly);
            }
            assertThat(metric(http, "gateway_kafka_metadata_lost")).isEqualTo(1);
            assertThat(metric(http, "gateway_kafka_sends_blocked_total")).as("sends that waited on an event loop")
                    .isEqualTo(1);
            assertThat(metric(http, "gateway_kafka_sends_refused_total")).as("refused at once").isEqualTo(11);
            assertThatThrownBy(() -> connect(gateway.mqttPort(), "NOMETA-13")).as("a CONNECT meanwhile")
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE));

            broker.createInkflowTopics(2);
            await("the breaker closes by itself").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> metric(http, "gateway_kafka_metadata_lost") == 0);
            MqttClient printer = connect(gateway.mqttPort(), "NOMETA-13");
            try {
                assertThat(publish(printer, 13)).as("acknowledged once the topic is there").isTrue();
            } finally {
                closeQuietly(printer);
            }
            assertThat(TopicReader.readAll(broker.bootstrapServers(), Topics.TELEMETRY)).extracting(r -> id(r.value()))
                    .containsExactly("NOMETA-13:13");
        }
    }

    private static MqttClient connect(int port, String serial) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, serial, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            client.connect(options);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    /** One QoS 1 report; true when it was acknowledged, false when the gateway closed the connection instead. */
    private static boolean publish(MqttClient client, long sequence) {
        String serial = client.getClientId();
        try {
            client.publish(TelemetryTopic.of(serial), Reports.bytes(serial, sequence), 1, false);
            return true;
        } catch (MqttException e) {
            return false;
        }
    }

    private static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // the gateway already closed it
        }
    }

    /**
     * One printer: publish QoS 1 reports one after another; a report counts as acknowledged only
     * when publish() returned normally (PUBACK received). After a connection loss it reconnects
     * and carries on with new sequence numbers, as a real printer resends.
     */
    private Void publishUntilStopped(int port, String serial) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, serial, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(30);
        client.setTimeToWait(20_000);
        long sequence = 0;
        try {
            while (running.get()) {
                try {
                    if (!client.isConnected()) {
                        client.connect(options);
                    }
                    sequence++;
                    client.publish(TelemetryTopic.of(serial), Reports.bytes(serial, sequence), 1, false);
                    acknowledged.add(serial + ":" + sequence);
                    ackCount.incrementAndGet();
                } catch (MqttException e) {
                    // Not acknowledged: the printer would resend it; we just move on.
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } finally {
            if (client.isConnected()) {
                client.disconnect(5_000);
            }
            client.close();
        }
        return null;
    }

    /** A value of the gateway's {@code /metrics} (Prometheus text). */
    private static double metric(int httpPort, String name) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                    .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                    .orElseThrow(() -> new AssertionError(name + " not in /metrics"));
        }
    }

    private static String id(byte[] value) {
        try {
            TelemetryReport report = Json.mapper().readValue(value, TelemetryReport.class);
            return report.serial() + ":" + report.sequence();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
