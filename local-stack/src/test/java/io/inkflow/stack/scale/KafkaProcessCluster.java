package io.inkflow.stack.scale;

import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.embedded.KRaftNode;
import io.inkflow.stack.chaos.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster of N {@link KafkaNodeMain} processes (KRaft, every node broker and controller, all of
 * them voters) on 127.0.0.1 with ephemeral ports, each node's data in its own directory. Unlike the in-JVM
 * {@code KafkaTestCluster}, a node here can be killed with SIGKILL ({@link #kill(int)}) and started again on
 * the same ports and data ({@link #restart(int)}), as a crashed broker is by its supervisor.
 */
final class KafkaProcessCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofMinutes(3);

    private final List<ServiceProcess> nodes;
    private final String bootstrapServers;
    private Admin admin;

    private KafkaProcessCluster(List<ServiceProcess> nodes, String bootstrapServers) {
        this.nodes = nodes;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats and starts {@code size} nodes (ids 1 to size) side by side and waits until every one serves.
     *
     * @param dataDir holds one directory per node
     * @param logDir  holds {@code kafka-<id>.log}, each node's console
     */
    static KafkaProcessCluster start(Path dataDir, Path logDir, List<String> jvmOptions, int size)
            throws InterruptedException {
        int[] ports = KRaftNode.freePorts(3 * size); // broker, controller and health port of each node
        List<String> voters = new ArrayList<>();
        List<String> brokers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            voters.add(KRaftNode.voter(i + 1, ports[3 * i + 1]));
            brokers.add("127.0.0.1:" + ports[3 * i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        List<ServiceProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            Map<String, String> env = Map.of(
                    "KAFKA_NODE_ID", String.valueOf(id),
                    "KAFKA_NODE_DIR", dataDir.resolve("node-" + id).toString(),
                    "KAFKA_NODE_PORT", String.valueOf(ports[3 * i]),
                    "KAFKA_NODE_CONTROLLER_PORT", String.valueOf(ports[3 * i + 1]),
                    "KAFKA_NODE_VOTERS", String.join(",", voters),
                    "KAFKA_NODE_CLUSTER_SIZE", String.valueOf(size),
                    "KAFKA_NODE_CLUSTER_ID", clusterId,
                    "KAFKA_NODE_HEALTH_PORT", String.valueOf(ports[3 * i + 2]));
            nodes.add(new ServiceProcess("kafka-" + id, KafkaNodeMain.class.getName(), env, jvmOptions,
                    logDir.resolve("kafka-" + id + ".log"), ports[3 * i + 2]));
        }
        KafkaProcessCluster cluster = new KafkaProcessCluster(nodes, String.join(",", brokers));
        try {
            // A node serves only once a majority of the controllers is up: start all before waiting for any.
            nodes.forEach(ServiceProcess::start);
            for (ServiceProcess node : nodes) {
                node.awaitReady(READY);
            }
            return cluster;
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's broker listener, comma separated. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster's admin client, shared by the questions below and closed with the cluster. */
    synchronized Admin admin() {
        if (admin == null) {
            // Short timeouts: the questions are asked while a node is dead, and are asked again.
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
        }
        return admin;
    }

    void createInkflowTopics(int partitions, short replicationFactor) {
        TopicSetup.ensureTopics(admin(), partitions, replicationFactor);
    }

    /** The id of the node leading a partition (-1 while it has no leader). */
    int leaderOf(String topic, int partition) throws ExecutionException, InterruptedException {
        TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Node leader = description.partitions().get(partition).leader();
        return leader == null ? -1 : leader.id();
    }

    /** The id of the active controller: the leader of the KRaft metadata quorum. */
    int activeController() throws ExecutionException, InterruptedException {
        return admin().describeMetadataQuorum().quorumInfo().get().leaderId();
    }

    /** Waits until every partition of every topic, internal ones included, has all its replicas in sync again. */
    void awaitFullyReplicated(Duration atMost) {
        await("every replica in sync").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(this::fullyReplicated);
    }

    private boolean fullyReplicated() throws ExecutionException, InterruptedException {
        Set<String> topics = admin().listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        Collection<TopicDescription> descriptions = admin().describeTopics(topics).allTopicNames().get().values();
        return descriptions.stream().flatMap(d -> d.partitions().stream()).allMatch(KafkaProcessCluster::inSync);
    }

    private static boolean inSync(TopicPartitionInfo partition) {
        return partition.leader() != null && partition.isr().size() == partition.replicas().size();
    }

    /** SIGKILL: no controlled shutdown, no flush, leadership is not handed over. */
    void kill(int nodeId) {
        node(nodeId).kill();
    }

    /** Starts a killed node again on its ports and data, and waits until it serves. */
    void restart(int nodeId) throws InterruptedException {
        ServiceProcess node = node(nodeId);
        node.start();
        node.awaitReady(READY);
    }

    boolean alive(int nodeId) {
        return node(nodeId).alive();
    }

    private ServiceProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** Stops every node (SIGTERM, a controlled shutdown; SIGKILL after 30 s), side by side. */
    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::close))
                .toArray(CompletableFuture[]::new)).join();
    }
}
