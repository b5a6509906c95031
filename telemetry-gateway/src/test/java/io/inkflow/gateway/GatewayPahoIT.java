package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Credentials;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real Paho 3.1.1 and 5 clients over TCP against the gateway and a real Kafka broker. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewayPahoIT {
    private static final String SECRET = "s3cret-for-tests";
    private static final List<String> SERIALS = List.of("PAHO3-0001", "PAHO5-0001", "BAD5-0001", "FOREIGN5-0001",
            "FOREIGN3-0001", "REVOKE-0001", "TAKEOVER-0001", "MISMATCH5-0001", "TWICE5-0001", "SILENT3-0001");

    @TempDir
    static Path dir;
    static KafkaTestBroker broker;
    static TelemetryGateway gateway;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        broker.createInkflowTopics(2);
        for (String serial : SERIALS) {
            Credentials.publish(broker.bootstrapServers(), serial, Credentials.active(serial, SECRET));
        }
        gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "GATEWAY_BIND_HOST", "127.0.0.1",
                "GATEWAY_MQTT_PORT", "0",
                "GATEWAY_HTTP_PORT", "0")));
        await().atMost(Duration.ofSeconds(60)).until(() -> httpStatus("/health/ready") == 200);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void mqtt311ReportIsInKafkaWhenPublishReturns() throws Exception {
        String serial = "PAHO3-0001";
        MqttClient client = v3Client(serial);
        try {
            List<byte[]> sent = new ArrayList<>();
            for (int sequence = 1; sequence <= 5; sequence++) {
                byte[] report = Reports.bytes(serial, sequence);
                sent.add(report);
                // Returns once the PUBACK arrived; the gateway sends it only after Kafka's ack.
                client.publish(TelemetryTopic.of(serial), report, 1, false);
            }
            List<byte[]> stored = valuesFor(Topics.TELEMETRY, serial);
            assertThat(stored).containsExactlyElementsOf(sent);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void mqtt5ReportIsInKafkaWhenPubackArrives() throws Exception {
        String serial = "PAHO5-0001";
        MqttAsyncClient client = v5Client(serial);
        try {
            byte[] report = Reports.bytes(serial, 1);
            IMqttToken token = client.publish(TelemetryTopic.of(serial), new MqttMessage(report, 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).containsExactly(0);
            assertThat(valuesFor(Topics.TELEMETRY, serial)).containsExactly(report);
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void mqtt5BadReportIsAcknowledgedWithPayloadFormatInvalidAndStoredAsRejected() throws Exception {
        String serial = "BAD5-0001";
        MqttAsyncClient client = v5Client(serial);
        try {
            byte[] bad = "{\"serial\": \"BAD5-0001\", \"serial\": \"BAD5-0001\"}".getBytes(StandardCharsets.UTF_8);
            IMqttToken token = client.publish(TelemetryTopic.of(serial), new MqttMessage(bad, 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).containsExactly(0x99);
            List<byte[]> rejected = valuesFor(Topics.TELEMETRY_REJECTED, serial);
            assertThat(rejected).hasSize(1);
            RejectedRecord record = Json.mapper().readValue(rejected.getFirst(), RejectedRecord.class);
            assertThat(record.reason()).isEqualTo(RejectionReason.DUPLICATE_KEY);
            assertThat(java.util.Base64.getDecoder().decode(record.payloadBase64())).isEqualTo(bad);
            assertThat(client.isConnected()).isTrue();
            assertThat(valuesFor(Topics.TELEMETRY, serial)).isEmpty();
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void mqtt5ReportNamingASlotTwiceIsRefusedAsDuplicateSlotAndNeverReachesTelemetry() throws Exception {
        String serial = "TWICE5-0001";
        MqttAsyncClient client = v5Client(serial);
        try {
            TelemetryReport once = Reports.report(serial, 1, 40, Instant.now());
            SupplyLevel black = once.supplies().getFirst();
            TelemetryReport twice = new TelemetryReport(serial, once.model(), once.bootEpoch(), once.sequence(),
                    once.timestamp(), once.pageCount(), List.of(black,
                    new SupplyLevel(black.slot(), black.sku(), black.colour(), 80, true, "057-B2")));
            IMqttToken token = client.publish(TelemetryTopic.of(serial),
                    new MqttMessage(Reports.json(twice), 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).containsExactly(0x99);
            List<byte[]> rejected = valuesFor(Topics.TELEMETRY_REJECTED, serial);
            assertThat(rejected).hasSize(1);
            RejectedRecord record = Json.mapper().readValue(rejected.getFirst(), RejectedRecord.class);
            assertThat(record.reason()).isEqualTo(RejectionReason.DUPLICATE_SLOT);
            assertThat(valuesFor(Topics.TELEMETRY, serial)).isEmpty();
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void mqtt5ReportWithAnotherSerialInsideIsRefusedAsNotAuthorized() throws Exception {
        String serial = "MISMATCH5-0001";
        MqttAsyncClient client = v5Client(serial);
        try {
            byte[] report = Reports.bytes("SOMEONE-ELSE", 1);
            IMqttToken token = client.publish(TelemetryTopic.of(serial), new MqttMessage(report, 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).containsExactly(0x87);
            assertThat(valuesFor(Topics.TELEMETRY_REJECTED, serial)).hasSize(1);
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void mqtt5PublishToAnotherPrintersTopicGetsNotAuthorized() throws Exception {
        String serial = "FOREIGN5-0001";
        MqttAsyncClient client = v5Client(serial);
        try {
            IMqttToken token = client.publish(TelemetryTopic.of("PAHO5-0001"),
                    new MqttMessage(Reports.bytes("PAHO5-0001", 99), 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).containsExactly(0x87);
            assertThat(client.isConnected()).isTrue();
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void mqtt311PublishToAnotherPrintersTopicClosesTheConnection() throws Exception {
        String serial = "FOREIGN3-0001";
        MqttClient client = v3Client(serial);
        try {
            assertThatThrownBy(() -> client.publish(TelemetryTopic.of("PAHO3-0001"),
                    Reports.bytes("PAHO3-0001", 99), 1, false)).isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        } finally {
            client.close();
        }
    }

    @Test
    void wrongSecretIsRefused() {
        assertThatThrownBy(() -> connectV3("PAHO3-0001", "wrong")).isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void revokingACredentialClosesTheLiveConnection() throws Exception {
        String serial = "REVOKE-0001";
        MqttClient client = v3Client(serial);
        try {
            Credentials.publish(broker.bootstrapServers(), serial,
                    new DeviceCredential(serial, Credentials.hash(SECRET), CredentialStatus.REVOKED, Instant.now()));
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
            assertThatThrownBy(() -> connectV3(serial, SECRET)).isInstanceOf(MqttException.class);
        } finally {
            client.close();
        }
    }

    @Test
    void secondConnectionWithSameClientIdTakesOver() throws Exception {
        String serial = "TAKEOVER-0001";
        MqttClient first = v3Client(serial);
        MqttClient second = v3Client(serial);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.isConnected());
            assertThat(second.isConnected()).isTrue();
            second.publish(TelemetryTopic.of(serial), Reports.bytes(serial, 1), 1, false);
        } finally {
            second.disconnect();
            second.close();
            first.close();
        }
    }

    /** The keepalive sweep of the running gateway: a client silent for 1.5 x its 1 s keepalive is closed. */
    @Test
    void clientSilentPastItsKeepaliveIsClosed() throws Exception {
        String serial = "SILENT3-0001";
        try (Socket socket = new Socket("127.0.0.1", gateway.mqttPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(connect311(serial, SECRET, 1));
            byte[] connAck = socket.getInputStream().readNBytes(4);
            assertThat(connAck).containsExactly(0x20, 0x02, 0x00, 0x00);
            long connected = System.nanoTime();
            // Silent from here on: the next read sees the gateway close the connection.
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            Duration silentFor = Duration.ofNanos(System.nanoTime() - connected);
            assertThat(silentFor).isBetween(Duration.ofMillis(1_400), Duration.ofMillis(4_000));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> httpBody("/metrics").lines().anyMatch(line ->
                line.startsWith("gateway_connections_closed_total") && line.contains("reason=\"KEEPALIVE_TIMEOUT\"")
                        && line.endsWith(" 1.0")));
    }

    /** CONNECT of MQTT 3.1.1 with clean session, user name and password, written out byte by byte. */
    private static byte[] connect311(String serial, String secret, int keepAliveSeconds) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);
        body.write(0xC2);
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        writeString(body, serial);
        writeString(body, serial);
        writeString(body, secret);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(body.size());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    @Test
    void metricsCountReceivedReports() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> httpStatus("/health/live") == 200);
        String metrics = httpBody("/metrics");
        assertThat(metrics).contains("gateway_telemetry_received_total").contains("gateway_connections")
                .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage")
                .contains("kafka_producer_record_send_total");
    }

    private static MqttClient v3Client(String serial) throws MqttException {
        return connectV3(serial, SECRET);
    }

    private static MqttClient connectV3(String serial, String secret) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.mqttPort(), serial, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(serial);
        options.setPassword(secret.toCharArray());
        options.setAutomaticReconnect(false);
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static MqttAsyncClient v5Client(String serial) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), serial,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(serial);
        options.setPassword(SECRET.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static List<byte[]> valuesFor(String topic, String serial) {
        return TopicReader.readAll(broker.bootstrapServers(), topic).stream()
                .filter(r -> serial.equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    static int httpStatus(String path) throws Exception {
        return httpStatus(gateway, path);
    }

    static int httpStatus(TelemetryGateway target, String path) throws Exception {
        return http(target, path).statusCode();
    }

    static String httpBody(String path) throws Exception {
        return http(gateway, path).body();
    }

    private static HttpResponse<String> http(TelemetryGateway target, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.httpPort() + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
