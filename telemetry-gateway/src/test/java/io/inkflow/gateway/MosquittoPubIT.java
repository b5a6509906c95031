package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.testing.Credentials;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.gateway.testing.TopicReader;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, independent MQTT implementation: Debian's mosquitto_pub (libmosquitto) publishes
 * through the gateway with 3.1.1 and 5. Skipped with a message where it is not installed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MosquittoPubIT {
    private static final Path MOSQUITTO_PUB = Path.of("/usr/bin/mosquitto_pub");
    private static final String SECRET = "mosquitto-secret";
    private static final String SERIAL_V3 = "MOSQ3-0001";
    private static final String SERIAL_V5 = "MOSQ5-0001";

    @TempDir
    static Path dir;
    static KafkaTestBroker broker;
    static TelemetryGateway gateway;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(MOSQUITTO_PUB),
                "/usr/bin/mosquitto_pub is not installed (Debian: apt-get install mosquitto-clients); "
                        + "skipping the mosquitto_pub interoperability test");
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        broker.createInkflowTopics(2);
        Credentials.publish(broker.bootstrapServers(), SERIAL_V3, Credentials.active(SERIAL_V3, SECRET));
        Credentials.publish(broker.bootstrapServers(), SERIAL_V5, Credentials.active(SERIAL_V5, SECRET));
        gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "GATEWAY_BIND_HOST", "127.0.0.1",
                "GATEWAY_MQTT_PORT", "0",
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
    void mqtt311ReportFromMosquittoPubLandsInKafka() throws Exception {
        byte[] report = Reports.bytes(SERIAL_V3, 1);
        Result result = publish("mqttv311", SERIAL_V3, SECRET, report);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(values(SERIAL_V3)).containsExactly(report);
    }

    @Test
    void mqtt5ReportFromMosquittoPubLandsInKafka() throws Exception {
        byte[] report = Reports.bytes(SERIAL_V5, 1);
        Result result = publish("mqttv5", SERIAL_V5, SECRET, report);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(values(SERIAL_V5)).contains(report);
    }

    @Test
    void wrongSecretIsRefused() throws Exception {
        Result result = publish("mqttv311", SERIAL_V3, "nope", Reports.bytes(SERIAL_V3, 2));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("bad user name or password");
    }

    private static List<byte[]> values(String serial) {
        return TopicReader.readAll(broker.bootstrapServers(), Topics.TELEMETRY).stream()
                .filter(r -> serial.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private static Result publish(String version, String serial, String secret, byte[] payload)
            throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve(serial + "-" + System.nanoTime() + ".json"), payload);
        Process process = new ProcessBuilder(MOSQUITTO_PUB.toString(), "-h", "127.0.0.1",
                "-p", String.valueOf(gateway.mqttPort()), "-V", version, "-q", "1", "-i", serial,
                "-u", serial, "-P", secret, "-t", TelemetryTopic.of(serial), "-f", file.toString())
                .redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mosquitto_pub did not finish");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
