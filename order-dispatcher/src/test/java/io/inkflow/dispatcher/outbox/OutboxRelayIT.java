package io.inkflow.dispatcher.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.Address;
import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.account.EnrollResult;
import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.account.NewAccount;
import io.inkflow.dispatcher.account.PaymentMethod;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.fulfilment.Loop;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.KafkaTestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutboxRelayIT {
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    static Path kafkaDir;
    private static KafkaTestBroker broker;
    private static TestDatabase db;

    private final AccountStore accounts = new AccountStore();
    private final EnrollmentService enrollments =
            new EnrollmentService(ModelCatalog.bundled(), new DeviceSecrets(), accounts);

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start(kafkaDir);
        broker.createInkflowTopics(3);
        db = TestDatabase.start();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void enrollmentAndCredentialRecordsArriveKeyedBySerialInOrderAndRowsAreDeletedOnceSent() throws Exception {
        String account = newAccount();
        String kept = "KMRELAY-0001";
        String sold = "KMRELAY-0002";
        var keptEnrolled = (EnrollResult.Enrolled) db.tx().run(
                c -> enrollments.enroll(c, account, kept, "pixma-ts8320", Channel.CANON, NOW));
        db.tx().run(
                c -> enrollments.enroll(c, account, sold, "imageclass-mf445dw", Channel.AMAZON, NOW));
        db.tx().run(
                c -> enrollments.deactivate(c, account, sold, "sold", NOW.plusSeconds(5)));

        try (RunningRelay relay = RunningRelay.start(db, broker.bootstrapServers(), Duration.ofMillis(100));
             KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.ENROLLMENTS, Topics.CREDENTIALS));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= 6;
            });

            JsonSerde<Enrollment> enrollmentSerde = JsonSerde.of(Enrollment.class);
            JsonSerde<DeviceCredential> credentialSerde = JsonSerde.of(DeviceCredential.class);
            List<Enrollment> keptEnrollments = received.stream()
                    .filter(r -> r.topic().equals(Topics.ENROLLMENTS) && r.key().equals(kept))
                    .map(r -> enrollmentSerde.deserialize(r.topic(), r.value().getBytes())).toList();
            assertThat(keptEnrollments).extracting(Enrollment::enrollmentId)
                    .containsExactly(keptEnrolled.enrollment().enrollmentId());
            List<DeviceCredential> soldCredentials = received.stream()
                    .filter(r -> r.topic().equals(Topics.CREDENTIALS) && r.key().equals(sold))
                    .map(r -> credentialSerde.deserialize(r.topic(), r.value().getBytes())).toList();
            assertThat(soldCredentials).extracting(DeviceCredential::status)
                    .containsExactly(CredentialStatus.ACTIVE, CredentialStatus.REVOKED);
            assertThat(soldCredentials).allSatisfy(c -> assertThat(c.serial()).isEqualTo(sold));
            List<EnrollmentStatus> soldStatuses = received.stream()
                    .filter(r -> r.topic().equals(Topics.ENROLLMENTS) && r.key().equals(sold))
                    .map(r -> enrollmentSerde.deserialize(r.topic(), r.value().getBytes()).status()).toList();
            assertThat(soldStatuses).containsExactly(EnrollmentStatus.ACTIVE, EnrollmentStatus.DEACTIVATED);
            assertThat(received).allSatisfy(r -> assertThat(r.value()).doesNotContain(keptEnrolled.deviceSecret()));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> db.queryLong("SELECT count(*) FROM kafka_outbox") == 0);
        }
    }

    @Test
    void recordsWrittenWhileKafkaIsDownArriveAfterItReturns() throws Exception {
        String account = newAccount();
        try (RunningRelay relay = RunningRelay.start(db, broker.bootstrapServers(), Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.queryLong("SELECT count(*) FROM kafka_outbox") == 0);
            broker.stop();
            db.tx().run(
                    c -> enrollments.enroll(c, account, "KMRELAY-DOWN1", "pixma-g7020", Channel.CANON, NOW));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> db.queryLong(
                    "SELECT count(*) FROM kafka_outbox WHERE record_key = 'KMRELAY-DOWN1'") == 2);

            broker.restart();
            try (KafkaConsumer<String, String> consumer = consumer()) {
                consumer.subscribe(List.of(Topics.CREDENTIALS));
                List<ConsumerRecord<String, String>> received = new ArrayList<>();
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    return received.stream().anyMatch(r -> r.key().equals("KMRELAY-DOWN1"));
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> db.queryLong(
                    "SELECT count(*) FROM kafka_outbox WHERE record_key = 'KMRELAY-DOWN1'") == 0);
        }
    }

    @Test
    void twoRelaysTogetherPublishEveryRecordWithEachKeysRecordsInOrder() throws Exception {
        List<String> keys = List.of("KMORDER-A", "KMORDER-B", "KMORDER-C");
        int perKey = 40;
        db.tx().run( c -> {
            for (int i = 0; i < perKey; i++) {
                for (String key : keys) {
                    OutboxWriter.append(c, Topics.ENROLLMENTS, key, new Enrollment("enr-" + i, key, "pixma-ts8320",
                            "acc-order", Channel.CANON, EnrollmentStatus.ACTIVE, NOW.plusSeconds(i)), NOW);
                }
            }
            return null;
        });

        try (RunningRelay first = RunningRelay.start(db, broker.bootstrapServers(), Duration.ofMillis(50));
             RunningRelay second = RunningRelay.start(db, broker.bootstrapServers(), Duration.ofMillis(50));
             KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.ENROLLMENTS));
            JsonSerde<Enrollment> serde = JsonSerde.of(Enrollment.class);
            java.util.Map<String, List<Integer>> seen = new java.util.HashMap<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(r.key())) {
                        int sequence = Integer.parseInt(serde.deserialize(r.topic(), r.value().getBytes())
                                .enrollmentId().substring(4));
                        seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(sequence);
                    }
                }
                return keys.stream().allMatch(k -> seen.getOrDefault(k, List.of()).size() >= perKey);
            });
            List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
            // at least once: a resent batch may repeat records, but never reorders them, so first
            // appearances follow the outbox order and the last record of each key is its latest state
            for (String key : keys) {
                assertThat(seen.get(key).stream().distinct().toList()).as(key).isEqualTo(expected);
                assertThat(seen.get(key).getLast()).as(key).isEqualTo(perKey - 1);
            }
        }
    }

    private String newAccount() throws Exception {
        return db.tx().run( c -> accounts.create(c, new NewAccount("r@example.com",
                "Relay", new Address("R", "1 Main St", null, "Springfield", null, "62701", "US"),
                new PaymentMethod("tok_relay", "VISA", "4242")), NOW));
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-relay-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        return new KafkaConsumer<>(props);
    }

    /** A relay with the loop the dispatcher runs it on. */
    private record RunningRelay(OutboxRelay relay, Loop loop) implements AutoCloseable {
        static RunningRelay start(TestDatabase db, String bootstrapServers, Duration pollInterval) {
            OutboxRelay relay = new OutboxRelay(db.tx(), Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers), 500, new DispatcherMetrics(new SimpleMeterRegistry()), () -> true);
            return new RunningRelay(relay, new Loop("test-outbox", relay::publishBatch, pollInterval).start());
        }

        @Override
        public void close() {
            loop.close();
            relay.close();
        }
    }
}
