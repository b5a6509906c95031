package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Json;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on real parts: a real MQTT client publishes a printer's falling toner level
 * through the gateway, a real Kafka broker and the streams application, and the dispatcher stores
 * exactly one order row in real PostgreSQL, also when every report is published twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EndToEndIT {
    private static final String ADMIN_TOKEN = "end-to-end-admin-token";

    @TempDir
    static Path dataDir;

    private LocalStack stack;
    private StackClient api;

    @BeforeAll
    void startStack() {
        Map<String, String> env = new HashMap<>();
        env.put("LOCAL_STACK_DATA_DIR", dataDir.toString());
        env.put("LOCAL_STACK_KAFKA_PORT", "0");
        env.put("LOCAL_STACK_MQTT_PORT", "0");
        env.put("LOCAL_STACK_HTTP_PORT", "0");
        env.put("LOCAL_STACK_GATEWAY_HTTP_PORT", "0");
        env.put("LOCAL_STACK_STREAMS_HTTP_PORT", "0");
        env.put("LOCAL_STACK_PARTITIONS", "2");
        env.put("LOCAL_STACK_ADMIN_TOKEN", ADMIN_TOKEN);
        stack = LocalStack.start(LocalStackConfig.fromEnv(env));
        api = new StackClient(stack.httpPort(), ADMIN_TOKEN);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void ordersExactlyOnceWhenAPrinterFallsBelowItsThresholdEvenIfEveryReportArrivesTwice() throws Exception {
        // imageCLASS MF445dw: one toner slot K, Cartridge 057, threshold 10 %.
        StackClient.Enrolled printer = api.enroll("E2EMF445-0001", "imageclass-mf445dw", "CANON");
        List<TelemetryReport> reports = fallingToner(printer.serial(), 40, 30, 20, 12, 10, 8, 6, 5);

        MqttClient client = connectWhenCredentialArrives(printer);
        try {
            publishAll(client, printer.serial(), reports);
            publishAll(client, printer.serial(), reports); // the same reports again: duplicates
        } finally {
            client.disconnect();
            client.close();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> orderIds(printer.serial(), "K").size() >= 1);
        // Give any wrongly produced second order time to arrive before judging "exactly one".
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(orderIds(printer.serial(), "K")).hasSize(1);
    }

    private MqttClient connectWhenCredentialArrives(StackClient.Enrolled printer) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + stack.mqttPort(), printer.serial(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(printer.serial());
        options.setPassword(printer.deviceSecret().toCharArray());
        // The credential travels dispatcher outbox -> Kafka -> gateway; connect once it has arrived.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    client.connect(options);
                    return client.isConnected();
                });
        return client;
    }

    private static void publishAll(MqttClient client, String serial, List<TelemetryReport> reports) throws Exception {
        for (TelemetryReport report : reports) {
            // MqttClient.publish with QoS 1 returns only after the PUBACK arrived.
            client.publish("printers/" + serial + "/telemetry", Json.mapper().writeValueAsBytes(report), 1, false);
        }
    }

    private static List<TelemetryReport> fallingToner(String serial, int... levels) {
        List<TelemetryReport> reports = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(levels.length * 60L);
        for (int i = 0; i < levels.length; i++) {
            reports.add(new TelemetryReport(serial, "imageclass-mf445dw", 1, i + 1, start.plusSeconds(i * 60L),
                    1000 + i * 150L,
                    List.of(new SupplyLevel("K", "Cartridge 057", "black", levels[i], true, "057-A1"))));
        }
        return reports;
    }

    private List<String> orderIds(String serial, String slot) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement s = c.prepareStatement("SELECT order_id FROM orders WHERE serial = ? AND slot = ?")) {
            s.setString(1, serial);
            s.setString(2, slot);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
