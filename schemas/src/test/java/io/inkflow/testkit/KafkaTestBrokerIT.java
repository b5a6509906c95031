package io.inkflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.config.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaTestBrokerIT {
    @TempDir
    Path dir;

    @Test
    void acknowledgedRecordsSurviveABrokerRestartAndTheBrokerListensOnLoopbackOnly() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"))) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            broker.createInkflowTopics(2);
            try (var admin = broker.admin()) {
                assertThat(admin.listTopics().names().get()).containsAll(TopicSetup.allTopics());
            }

            produce(broker.bootstrapServers(), "before-restart");
            broker.restart();
            produce(broker.bootstrapServers(), "after-restart");

            assertThat(consumeAll(broker.bootstrapServers(), 2)).containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void aClusterKeepsAcknowledgedRecordsWhileOneNodeIsDown() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("cluster"), 3, Map.of())) {
            cluster.createInkflowTopics(2, (short) 3);

            produce(cluster.bootstrapServers(), "before-stop");
            cluster.stopNode(0);
            produce(cluster.bootstrapServers(), "while-down");
            cluster.startNode(0);

            assertThat(cluster.running(0)).isTrue();
            assertThat(consumeAll(cluster.bootstrapServers(), 2)).containsExactly("before-stop", "while-down");
        }
    }

    @Test
    void aSaslBrokerLetsInOnlyAClientThatLogsInWithAKnownPassword() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.startSaslPlain(dir.resolve("sasl"),
                Map.of("service", "right-password"), "service")) {
            broker.createInkflowTopics(1);
            try (var admin = broker.admin()) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(TopicSetup.allTopics());
            }

            Map<String, Object> wrongPassword = new HashMap<>(broker.clientProperties());
            wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaSecurity.fromEnv(Map.of(
                    "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME", "service",
                    "KAFKA_SASL_PASSWORD", "wrong-password")).clientProperties().get(SaslConfigs.SASL_JAAS_CONFIG));
            try (Admin admin = Admin.create(wrongPassword)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            // a client without SASL gets no answer it can read: its request times out
            Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
            try (Admin admin = Admin.create(anonymous)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    void aSaslSslBrokerLetsInOnlyAClientThatTrustsItsAuthorityAndLogsInWithAKnownPassword() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.startSaslSsl(dir.resolve("sasl-ssl"),
                Map.of("service", "right-password"), "service")) {
            broker.createInkflowTopics(1);
            String ca = broker.clientEnv().get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(ca).endsWith("ca.pem");

            // what an operator sets, and nothing else: the PEM type comes from the file name
            Map<String, String> env = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_SSL_TRUSTSTORE_LOCATION", ca,
                    "KAFKA_SASL_USERNAME", "service", "KAFKA_SASL_PASSWORD", "right-password");
            produce(client(broker, env), "over-tls");
            assertThat(consumeAll(client(broker, env), 1)).containsExactly("over-tls");

            Map<String, String> wrongPassword = new HashMap<>(env);
            wrongPassword.put("KAFKA_SASL_PASSWORD", "wrong-password");
            assertThatThrownBy(() -> listTopics(client(broker, wrongPassword)))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);

            // without the truststore the client checks the broker against the JVM's authorities, which never
            // issued its certificate: the TLS handshake fails before any SASL exchange
            Map<String, String> untrusting = new HashMap<>(env);
            untrusting.remove("KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThatThrownBy(() -> listTopics(client(broker, untrusting)))
                    .hasCauseInstanceOf(SslAuthenticationException.class);

            // a CA of its own, that did not issue the broker's certificate, is no better
            Map<String, String> otherCa = new HashMap<>(env);
            otherCa.put("KAFKA_SSL_TRUSTSTORE_LOCATION", TestAuthority.create("Someone else")
                    .writeCertificate(dir.resolve("other-ca.pem")).toString());
            assertThatThrownBy(() -> listTopics(client(broker, otherCa)))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    /** A client's properties built, as every service builds them, from the variables alone. */
    private static Map<String, Object> client(KafkaTestBroker broker, Map<String, String> env) {
        Map<String, Object> p = new HashMap<>(KafkaSecurity.fromEnv(env).clientProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return p;
    }

    private static Set<String> listTopics(Map<String, Object> client) throws Exception {
        try (Admin admin = Admin.create(client)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrapServers, String value) throws Exception {
        produce(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), value);
    }

    private static void produce(Map<String, Object> client, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<String, String>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("printer.telemetry.v1", "SN1", value)).get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrapServers, int expected) {
        return consumeAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), expected);
    }

    private static List<String> consumeAll(Map<String, Object> client, int expected) {
        List<String> values = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<String, String>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("printer.telemetry.v1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
