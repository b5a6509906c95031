package io.inkflow.testkit;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.config.KafkaSecurity;
import io.inkflow.schemas.embedded.KRaftNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real single-node Kafka broker (a {@link KRaftNode}) for a test. Data lives in the given
 * directory, so {@link #stop()} followed by {@link #restart()} keeps every acknowledged record, like a
 * real broker restart.
 */
public final class KafkaTestBroker implements AutoCloseable {
    private final KRaftNode node;
    private final Map<String, String> clientEnv;

    private KafkaTestBroker(KRaftNode node, Map<String, String> clientEnv) {
        this.node = node;
        this.clientEnv = Map.copyOf(clientEnv);
    }

    /** Formats {@code dataDir} and starts a broker on free ports. */
    public static KafkaTestBroker start(Path dataDir) {
        return start(dataDir, 0, Map.of());
    }

    /**
     * Formats {@code dataDir} if it is empty (keeps the data otherwise) and starts a broker on
     * {@code brokerPort} (0 picks a free one), with broker property overrides.
     */
    public static KafkaTestBroker start(Path dataDir, int brokerPort, Map<String, String> overrides) {
        KRaftNode node = KRaftNode.alone(dataDir, brokerPort, overrides);
        node.start();
        return new KafkaTestBroker(node, Map.of());
    }

    /**
     * A broker on free ports whose only listener lets a client in after a SASL PLAIN login as one of
     * {@code users} (name to password), over plaintext TCP; {@link #clientEnv()} logs in as {@code user}.
     */
    public static KafkaTestBroker startSaslPlain(Path dataDir, Map<String, String> users, String user) {
        KRaftNode node = KRaftNode.alone(dataDir, 0, KRaftNode.saslPlain(users));
        node.start();
        return new KafkaTestBroker(node, Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", user, "KAFKA_SASL_PASSWORD", users.get(user)));
    }

    /**
     * As {@link #startSaslPlain}, inside TLS: the listener's protocol is SASL_SSL, its certificate (for
     * 127.0.0.1 and localhost) issued by an authority made for this broker. The PEM files live beside
     * {@code dataDir}, in {@code <dataDir>-tls}: {@code ca.pem}, the authority's certificate, is the truststore
     * {@link #clientEnv()} names ({@code KAFKA_SSL_TRUSTSTORE_LOCATION}, its type left to the file name), and
     * {@code broker.pem} the broker's key and chain. Needs BouncyCastle on the test class path.
     */
    public static KafkaTestBroker startSaslSsl(Path dataDir, Map<String, String> users, String user) {
        Path tls = dataDir.resolveSibling(dataDir.getFileName() + "-tls");
        TestAuthority authority = TestAuthority.create("InkFlow test Kafka CA");
        Path ca = authority.writeCertificate(tls.resolve("ca.pem"));
        Path keystore = authority.writeLoopbackKeystore(tls.resolve("broker.pem"), "kafka");
        KRaftNode node = KRaftNode.alone(dataDir, 0, KRaftNode.saslSsl(users, keystore, ca));
        node.start();
        return new KafkaTestBroker(node, Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString(), "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_USERNAME", user, "KAFKA_SASL_PASSWORD", users.get(user)));
    }

    /**
     * The {@code KAFKA_*} security variables a service needs to get in; empty for a plaintext broker. For a
     * TLS broker, {@code KAFKA_SSL_TRUSTSTORE_LOCATION} names the authority's certificate.
     */
    public Map<String, String> clientEnv() {
        return clientEnv;
    }

    /** Bootstrap servers and security: the properties a test's own Kafka client starts from. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new HashMap<>(KafkaSecurity.fromEnv(clientEnv).clientProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    public String bootstrapServers() {
        return node.bootstrapServer();
    }

    public Path dataDir() {
        return node.dataDir();
    }

    /** Creates every InkFlow topic with the given partition count (replication factor 1). */
    public void createInkflowTopics(int partitions) {
        try (Admin admin = admin()) {
            TopicSetup.ensureTopics(admin, partitions, (short) 1);
        }
    }

    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /** Shuts the broker down cleanly; its data stays for {@link #restart()}. */
    public void stop() {
        node.stop();
    }

    /** Starts the broker again on the same ports and data. */
    public void restart() {
        node.stop();
        node.start();
    }

    public boolean running() {
        return node.running();
    }

    @Override
    public void close() {
        node.stop();
    }
}
