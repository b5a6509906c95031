package io.inkflow.stack;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.embedded.KRaftNode;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The local stack's Kafka: one real broker (a {@link KRaftNode}, KRaft, single node) inside the
 * stack's JVM on 127.0.0.1, its log under the stack's data directory, every InkFlow topic created
 * with replication factor 1. Part of the product (the local stack and the chaos run), not a test
 * fixture; the tests' {@code KafkaTestBroker} is made of the same node, so both run the same broker
 * properties.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final KRaftNode node;

    private EmbeddedKafkaBroker(KRaftNode node) {
        this.node = node;
    }

    /**
     * Starts the broker on {@code port} (0 picks a free one), formatting {@code dataDir} when it is
     * empty and keeping its data otherwise, and creates the InkFlow topics with {@code partitions}
     * partitions each.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, int partitions) {
        KRaftNode node = KRaftNode.alone(dataDir, port, Map.of());
        node.start();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(node);
        try (Admin admin = broker.admin()) {
            TopicSetup.ensureTopics(admin, partitions, (short) 1);
        } catch (RuntimeException e) {
            node.stop();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return node.bootstrapServer();
    }

    /** An admin client of this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    @Override
    public void close() {
        node.stop();
    }
}
