package io.inkflow.testkit;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.embedded.KRaftNode;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Kafka broker (a {@link KRaftNode}) for a test. Data lives in the given
 * directory, so {@link #stop()} followed by {@link #restart()} keeps every acknowledged record, like a
 * real broker restart.
 */
public final class KafkaTestBroker implements AutoCloseable {
    private final KRaftNode node;

    private KafkaTestBroker(KRaftNode node) {
        this.node = node;
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
        return new KafkaTestBroker(node);
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
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
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
