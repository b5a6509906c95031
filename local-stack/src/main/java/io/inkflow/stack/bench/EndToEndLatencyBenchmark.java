package io.inkflow.stack.bench;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.simulator.api.ApiModels;
import io.inkflow.simulator.api.DispatcherClient;
import io.inkflow.stack.LocalStack;
import io.inkflow.stack.LocalStackConfig;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end latency from a printer's report to its order row: the whole local stack in one JVM
 * (real broker, PostgreSQL, gateway, streams, dispatcher); printers publish over MQTT (QoS 1) at a
 * fixed total rate, every second report showing a fresh toner cartridge at 100 % and the next one
 * the same cartridge at its threshold, so every second report makes exactly one order. The latency
 * of an order is its row's {@code ingested_at} (the dispatcher's clock when it stored the row) minus
 * the instant the triggering report was handed to the MQTT client; both clocks are this machine's.
 */
public final class EndToEndLatencyBenchmark {
    private static final Logger log = LoggerFactory.getLogger(EndToEndLatencyBenchmark.class);
    private static final String MODEL = "imageclass-mf445dw";
    private static final int THRESHOLD = 10;
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";

    /** What was measured. */
    public record Result(int printers, int ratePerSecond, Duration duration, int reportsSent, int ordersExpected,
                         int ordersFound, double p50Millis, double p90Millis, double p99Millis, double maxMillis) {
    }

    private EndToEndLatencyBenchmark() {
    }

    public static Result run(Path dataDir, int printers, int ratePerSecond, Duration duration) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("LOCAL_STACK_DATA_DIR", dataDir.toString());
        env.put("LOCAL_STACK_KAFKA_PORT", "0");
        env.put("LOCAL_STACK_MQTT_PORT", "0");
        env.put("LOCAL_STACK_HTTP_PORT", "0");
        env.put("LOCAL_STACK_GATEWAY_HTTP_PORT", "0");
        env.put("LOCAL_STACK_STREAMS_HTTP_PORT", "0");
        env.put("LOCAL_STACK_PARTITIONS", "3");
        env.put("LOCAL_STACK_PRINTERS", "0");
        env.put("LOCAL_STACK_ADMIN_TOKEN", ADMIN_TOKEN);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.fromEnv(env))) {
            Map<String, String> secrets = enroll(stack, printers);
            awaitCredentials(stack, secrets.keySet());
            List<MqttAsyncClient> clients = connect(stack, secrets);
            try {
                Map<String, Instant> sentAt = publish(clients, ratePerSecond, duration);
                int reportsSent = sentAt.size() * 2;
                Map<String, Instant> stored = awaitOrders(stack, sentAt.keySet(), Duration.ofMinutes(3));
                Histogram histogram = new Histogram(3_600_000L, 3);
                stored.forEach((key, at) -> histogram.recordValue(Math.max(0,
                        Duration.between(sentAt.get(key), at).toMillis())));
                return new Result(printers, ratePerSecond, duration, reportsSent, sentAt.size(), stored.size(),
                        histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                        histogram.getValueAtPercentile(99), histogram.getMaxValue());
            } finally {
                for (MqttAsyncClient client : clients) {
                    client.disconnect().waitForCompletion(5_000);
                    client.close();
                }
            }
        }
    }

    private static Map<String, String> enroll(LocalStack stack, int printers) {
        DispatcherClient api = DispatcherClient.create(URI.create("http://127.0.0.1:" + stack.httpPort()), ADMIN_TOKEN);
        Map<String, String> secrets = new HashMap<>();
        for (int i = 0; i < printers; i++) {
            String serial = String.format("E2EB-%04d", i);
            ApiModels.AccountCreated account = api.createAccount(new ApiModels.NewAccount(
                    serial.toLowerCase() + "@example.com", "Bench " + i,
                    new ApiModels.Address("Bench " + i, "1 Bench Way", null, "Melville", "NY", "11747", "US"),
                    new ApiModels.PaymentMethod("tok_bench_" + i, "VISA", "4242")), "bench-account-" + serial);
            ApiModels.EnrolledPrinter printer = api.enrollPrinter(account.accountId(),
                    new ApiModels.EnrollPrinter(serial, MODEL, Channel.CANON), "bench-enroll-" + serial);
            secrets.put(serial, printer.deviceSecret());
        }
        return secrets;
    }

    private static void awaitCredentials(LocalStack stack, Set<String> serials) throws InterruptedException {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CREDENTIALS).stream()
                    .map(p -> new TopicPartition(Topics.CREDENTIALS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!seen.containsAll(serials)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Credentials did not arrive in 2 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.key()));
            }
        }
        Thread.sleep(2_000); // the gateway's own credential consumer trails the topic by a poll
    }

    private static List<MqttAsyncClient> connect(LocalStack stack, Map<String, String> secrets) throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>();
        for (Map.Entry<String, String> printer : secrets.entrySet()) {
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + stack.mqttPort(), printer.getKey(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setUserName(printer.getKey());
            options.setPassword(printer.getValue().toCharArray());
            options.setMaxInflight(1000);
            client.connect(options).waitForCompletion(30_000);
            clients.add(client);
        }
        return clients;
    }

    /** Publishes at the fixed rate; returns the send instant of every threshold report, keyed serial/sequence. */
    private static Map<String, Instant> publish(List<MqttAsyncClient> clients, int ratePerSecond, Duration duration)
            throws Exception {
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        long[] sequence = new long[clients.size()];
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long next = start;
        int index = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int printer = index % clients.size();
            MqttAsyncClient client = clients.get(printer);
            String serial = client.getClientId();
            long seq = ++sequence[printer];
            long cartridge = (seq + 1) / 2;
            boolean low = seq % 2 == 0;
            TelemetryReport report = new TelemetryReport(serial, MODEL, 1, seq, Instant.now(), 1000 + seq,
                    List.of(new SupplyLevel("K", "Cartridge 057", "black", low ? THRESHOLD : 100, true,
                            "057-" + cartridge)));
            byte[] payload = Json.mapper().writeValueAsBytes(report);
            if (low) {
                sentAt.put(serial + "/" + seq, Instant.now());
            }
            client.publish("printers/" + serial + "/telemetry", payload, 1, false);
            index++;
            next += intervalNanos;
        }
        log.info("Published [reports={}, seconds={}]", index, duration.toSeconds());
        return sentAt;
    }

    private static Map<String, Instant> awaitOrders(LocalStack stack, Set<String> expected, Duration atMost)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        Map<String, Instant> stored = new HashMap<>();
        while (true) {
            stored.clear();
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                 PreparedStatement s = c.prepareStatement("SELECT serial, report_sequence, ingested_at FROM orders");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "/" + rs.getLong(2), rs.getTimestamp(3).toInstant());
                }
            }
            if (stored.keySet().containsAll(expected) || System.nanoTime() > deadline) {
                stored.keySet().retainAll(expected);
                return stored;
            }
            Thread.sleep(1_000);
        }
    }
}
