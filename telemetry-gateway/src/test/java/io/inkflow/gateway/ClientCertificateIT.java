package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Credentials;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TestCertificates;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printers that sign in with a TLS client certificate whose subject names their serial (mutual TLS), beside
 * printers that sign in with their secret, on a real gateway, Kafka broker and Paho MQTT 5 clients.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientCertificateIT {
    private static final String SECRET = "s3cret-for-tests";
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;

    @TempDir
    static Path dir;
    static KafkaTestBroker broker;
    static TelemetryGateway gateway;
    static TestCertificates printerAuthority;
    static X509Certificate serverCertificate;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        broker.createInkflowTopics(1);
        for (String serial : new String[] {"CERT-0001", "CERT-0002", "CERT-0003", "SECRET-0001"}) {
            Credentials.publish(broker.bootstrapServers(), serial, Credentials.active(serial, SECRET));
        }
        SelfSignedCertificate server = new SelfSignedCertificate("localhost");
        serverCertificate = server.cert();
        printerAuthority = TestCertificates.authority("InkFlow printer CA");
        gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "GATEWAY_BIND_HOST", "127.0.0.1",
                "GATEWAY_MQTT_ENABLED", "false",
                "GATEWAY_TLS_ENABLED", "true",
                "GATEWAY_TLS_PORT", "0",
                "GATEWAY_TLS_CERT_FILE", Files.copy(server.certificate().toPath(), dir.resolve("gw.crt")).toString(),
                "GATEWAY_TLS_KEY_FILE", Files.copy(server.privateKey().toPath(), dir.resolve("gw.key")).toString(),
                "GATEWAY_TLS_CLIENT_CA_FILE", printerAuthority.writeCertificate(dir.resolve("ca.pem")).toString(),
                "GATEWAY_HTTP_PORT", "0")));
        await().atMost(Duration.ofSeconds(60)).until(() -> GatewayPahoIT.httpStatus(gateway, "/health/ready") == 200);
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
    void aPrinterWithItsCertificateReportsWithoutASecret() throws Exception {
        String serial = "CERT-0001";
        MqttAsyncClient client = connect(serial, printerAuthority.printerContext(serial, serverCertificate), serial,
                null);
        try {
            byte[] report = Reports.bytes(serial, 1);
            IMqttToken token = client.publish(TelemetryTopic.of(serial), new MqttMessage(report, 1, false, null));
            token.waitForCompletion(10_000);

            assertThat(token.getReasonCodes()).containsExactly(0);
            assertThat(TopicReader.readAll(broker.bootstrapServers(), Topics.TELEMETRY))
                    .filteredOn(r -> serial.equals(r.key())).extracting(ConsumerRecord::value).containsExactly(report);
        } finally {
            close(client);
        }
    }

    @Test
    void theCertificateNamesThePrinterWhenTheConnectNamesNone() throws Exception {
        String serial = "CERT-0003";
        MqttAsyncClient client = connect("cert-client-3", printerAuthority.printerContext(serial, serverCertificate),
                null, null);
        try {
            IMqttToken token = client.publish(TelemetryTopic.of(serial),
                    new MqttMessage(Reports.bytes(serial, 1), 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).containsExactly(0);
        } finally {
            close(client);
        }
    }

    @Test
    void aCertificateForAnotherSerialIsRefusedLikeAWrongSecret() {
        SSLContext otherPrinter = printerAuthority.printerContext("CERT-0002", serverCertificate);

        assertThatThrownBy(() -> connect("CERT-0001", otherPrinter, "CERT-0001", null))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD));
        assertThatThrownBy(() -> connect("SECRET-0001", TestCertificates.trusting(serverCertificate), "SECRET-0001", "wrong"))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void aCertificateFromAnotherAuthorityFailsTheHandshake() {
        SSLContext forged = TestCertificates.authority("Someone else").printerContext("CERT-0001", serverCertificate);

        assertThatThrownBy(() -> connect("CERT-0001", forged, "CERT-0001", null)).isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isNotEqualTo(0));
    }

    @Test
    void aPrinterWithoutACertificateStillSignsInWithItsSecret() throws Exception {
        MqttAsyncClient client = connect("SECRET-0001", TestCertificates.trusting(serverCertificate), "SECRET-0001", SECRET);
        close(client);
    }

    private static MqttAsyncClient connect(String clientId, SSLContext tls, String username, String password)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("ssl://localhost:" + gateway.tlsPort(), clientId,
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSocketFactory(tls.getSocketFactory());
        options.setAutomaticReconnect(false);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            client.connect(options).waitForCompletion(10_000);
            return client;
        } catch (MqttException e) {
            client.close();
            throw e;
        }
    }

    private static void close(MqttAsyncClient client) throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
