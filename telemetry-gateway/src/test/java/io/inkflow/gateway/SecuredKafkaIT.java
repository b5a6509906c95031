package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Credentials;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a broker that demands a SASL login, as a production cluster does: configured by the
 * KAFKA_SECURITY_PROTOCOL and KAFKA_SASL_* variables, its producer, credential feed and health check all
 * log in; with a wrong password it never reports ready and never acknowledges a report. The same through
 * SASL_SSL, the production protocol, with the broker's authority given as KAFKA_SSL_TRUSTSTORE_LOCATION.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecuredKafkaIT {
    private static final String SERIAL = "SASL-0001";
    private static final String TLS_SERIAL = "SASL-SSL-0001";
    private static final String SECRET = "device-secret";

    @TempDir
    static Path dir;
    static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaTestBroker.startSaslPlain(dir.resolve("kafka"), Map.of("gateway", "gateway-pw"), "gateway");
        broker.createInkflowTopics(1);
        Credentials.publish(broker.clientProperties(), SERIAL, Credentials.active(SERIAL, SECRET));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aReportPublishedOverMqttReachesTheTelemetryTopicThroughTheSaslListener() throws Exception {
        assertReportReachesTheTelemetryTopic(broker, SERIAL);
    }

    @Test
    void aReportPublishedOverMqttReachesTheTelemetryTopicThroughASaslSslListener() throws Exception {
        try (KafkaTestBroker tls = KafkaTestBroker.startSaslSsl(dir.resolve("tls-kafka"),
                Map.of("gateway", "gateway-pw"), "gateway")) {
            assertThat(tls.clientEnv()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsKey("KAFKA_SSL_TRUSTSTORE_LOCATION");
            tls.createInkflowTopics(1);
            Credentials.publish(tls.clientProperties(), TLS_SERIAL, Credentials.active(TLS_SERIAL, SECRET));

            assertReportReachesTheTelemetryTopic(tls, TLS_SERIAL);
        }
    }

    @Test
    void aWrongPasswordLeavesTheGatewayNotReadyAndAcknowledgesNothing() throws Exception {
        Map<String, String> wrong = new HashMap<>(broker.clientEnv());
        wrong.put("KAFKA_SASL_PASSWORD", "not-the-password");
        // authentication off, so a report goes straight to the producer, which cannot log in
        try (TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(env(broker, wrong, false)))) {
            // the right password is ready within a couple of health checks (2 s apart)
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                    .until(() -> GatewayPahoIT.httpStatus(gateway, "/health/ready") == 503);

            MqttClient client = connect(gateway, "SASL-WRONG");
            try {
                assertThatThrownBy(() -> client.publish(TelemetryTopic.of("SASL-WRONG"),
                        Reports.bytes("SASL-WRONG", 1), 1, false)).isInstanceOf(MqttException.class);
            } finally {
                client.close(true);
            }
        }
        assertThat(TopicReader.readAll(broker.clientProperties(), Topics.TELEMETRY))
                .noneMatch(r -> "SASL-WRONG".equals(r.key()));
    }

    /** Authentication on: the device's credential comes in through the credential feed's consumer. */
    private static void assertReportReachesTheTelemetryTopic(KafkaTestBroker kafka, String serial) throws Exception {
        try (TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(env(kafka, kafka.clientEnv(),
                true)))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> GatewayPahoIT.httpStatus(gateway, "/health/ready") == 200);
            byte[] report = Reports.bytes(serial, 1);

            MqttClient client = connect(gateway, serial);
            try {
                client.publish(TelemetryTopic.of(serial), report, 1, false);
            } finally {
                client.disconnect();
                client.close();
            }

            assertThat(TopicReader.readAll(kafka.clientProperties(), Topics.TELEMETRY).stream()
                    .filter(r -> serial.equals(r.key())).map(ConsumerRecord::value)).containsExactly(report);
        }
    }

    private static Map<String, String> env(KafkaTestBroker kafka, Map<String, String> security,
                                           boolean authRequired) {
        Map<String, String> env = new HashMap<>(security);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("GATEWAY_BIND_HOST", "127.0.0.1");
        env.put("GATEWAY_MQTT_PORT", "0");
        env.put("GATEWAY_HTTP_PORT", "0");
        env.put("GATEWAY_AUTH_REQUIRED", String.valueOf(authRequired));
        env.put("GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS", "10000");
        return env;
    }

    private static MqttClient connect(TelemetryGateway gateway, String serial) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.mqttPort(), serial, new MemoryPersistence());
        client.setTimeToWait(15_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(serial);
        options.setPassword(SECRET.toCharArray());
        client.connect(options);
        return client;
    }
}
