package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TestCertificates;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener from PEM files, with the plaintext listener switched off. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsListenerIT {
    @TempDir
    Path dir;

    @Test
    void reportOverTlsLandsInKafkaAndPlaintextIsOff() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        Path cert = Files.copy(certificate.certificate().toPath(), dir.resolve("gateway.crt"));
        Path key = Files.copy(certificate.privateKey().toPath(), dir.resolve("gateway.key"));
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
            broker.createInkflowTopics(1);
            try (TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "GATEWAY_BIND_HOST", "127.0.0.1",
                    "GATEWAY_MQTT_ENABLED", "false",
                    "GATEWAY_TLS_ENABLED", "true",
                    "GATEWAY_TLS_PORT", "0",
                    "GATEWAY_TLS_CERT_FILE", cert.toString(),
                    "GATEWAY_TLS_KEY_FILE", key.toString(),
                    "GATEWAY_HTTP_PORT", "0",
                    "GATEWAY_AUTH_REQUIRED", "false")))) {
                assertThat(gateway.mqttPort()).isEqualTo(-1);
                assertThat(gateway.tlsPort()).isPositive();

                String serial = "TLS-0001";
                MqttClient client = new MqttClient("ssl://localhost:" + gateway.tlsPort(), serial,
                        new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
                options.setSocketFactory(trusting(cert).getSocketFactory());
                client.connect(options);
                byte[] report = Reports.bytes(serial, 1);
                client.publish(TelemetryTopic.of(serial), report, 1, false);
                client.disconnect();
                client.close();

                assertThat(TopicReader.readAll(broker.bootstrapServers(), Topics.TELEMETRY))
                        .extracting(ConsumerRecord::value).containsExactly(report);
            }
        }
    }

    /** A client that trusts exactly the gateway's certificate, as a printer provisioned with it would. */
    private static SSLContext trusting(Path cert) throws Exception {
        try (InputStream in = Files.newInputStream(cert)) {
            return TestCertificates.trusting((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
    }
}
