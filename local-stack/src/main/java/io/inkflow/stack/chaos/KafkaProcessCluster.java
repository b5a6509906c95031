package io.inkflow.stack.chaos;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.schemas.embedded.KRaftNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of N {@link KafkaNodeMain} processes (KRaft, every node broker and controller, all of
 * them voters) on 127.0.0.1 with ephemeral ports, each node's data in its own directory. A node can be killed
 * with SIGKILL ({@link #kill(int)}) and started again on the same ports and data ({@link #restart(int)}), as a
 * crashed broker is by its supervisor; the whole cluster can be killed and started again ({@link #killAll()},
 * {@link #restartAll()}) or restarted one node at a time ({@link #rollingRestart()}).
 */
public final class KafkaProcessCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaProcessCluster.class);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration REPLICATED = Duration.ofMinutes(2);

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
    public static KafkaProcessCluster start(Path dataDir, Path logDir, List<String> jvmOptions, int size)
            throws InterruptedException {
        int[] ports = FreePorts.pick(3 * size); // broker, controller and health port of each node
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
                    "CHAOS_KAFKA_NODE_ID", String.valueOf(id),
                    "CHAOS_KAFKA_NODE_DIR", dataDir.resolve("node-" + id).toString(),
                    "CHAOS_KAFKA_NODE_PORT", String.valueOf(ports[3 * i]),
                    "CHAOS_KAFKA_NODE_CONTROLLER_PORT", String.valueOf(ports[3 * i + 1]),
                    "CHAOS_KAFKA_NODE_VOTERS", String.join(",", voters),
                    "CHAOS_KAFKA_NODE_CLUSTER_SIZE", String.valueOf(size),
                    "CHAOS_KAFKA_NODE_CLUSTER_ID", clusterId,
                    "CHAOS_KAFKA_NODE_HEALTH_PORT", String.valueOf(ports[3 * i + 2]));
            nodes.add(new ServiceProcess("kafka-" + id, KafkaNodeMain.class.getName(), env, jvmOptions,
                    logDir.resolve("kafka-" + id + ".log"), ports[3 * i + 2]));
        }
        KafkaProcessCluster cluster = new KafkaProcessCluster(nodes, String.join(",", brokers));
        try {
            cluster.restartAll();
            return cluster;
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's broker listener, comma separated. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int size() {
        return nodes.size();
    }

    /** The cluster's admin client, shared by the questions below and closed with the cluster. */
    public synchronized Admin admin() {
        if (admin == null) {
            // Short timeouts: the questions are asked while a node is dead, and are asked again.
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
        }
        return admin;
    }

    /** InkFlow's topics, replicated to every node up to three (min in-sync replicas: two of three). */
    public void createInkflowTopics(int partitions) {
        TopicSetup.ensureTopics(admin(), partitions, (short) Math.min(3, nodes.size()));
    }

    /** The id of the node leading a partition (-1 while it has no leader). */
    public int leaderOf(String topic, int partition) throws ExecutionException, InterruptedException {
        TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Node leader = description.partitions().get(partition).leader();
        return leader == null ? -1 : leader.id();
    }

    /** The id of the active controller: the leader of the KRaft metadata quorum. */
    public int activeController() throws ExecutionException, InterruptedException {
        return admin().describeMetadataQuorum().quorumInfo().get().leaderId();
    }

    /** Waits until every partition of every topic, internal ones included, has all its replicas in sync again. */
    public void awaitFullyReplicated(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!fullyReplicated()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Replicas still out of sync after " + atMost);
            }
            Thread.sleep(1_000);
        }
    }

    private boolean fullyReplicated() throws InterruptedException {
        try {
            Set<String> topics = admin().listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            Collection<TopicDescription> descriptions = admin().describeTopics(topics).allTopicNames().get().values();
            return descriptions.stream().flatMap(d -> d.partitions().stream()).allMatch(KafkaProcessCluster::inSync);
        } catch (ExecutionException | KafkaException e) {
            return false; // asked again: a node may still be on its way back
        }
    }

    private static boolean inSync(TopicPartitionInfo partition) {
        return partition.leader() != null && partition.isr().size() == partition.replicas().size();
    }

    /** SIGKILL: no controlled shutdown, no flush, leadership is not handed over. */
    public void kill(int nodeId) {
        node(nodeId).kill();
    }

    /** Starts a killed node again on its ports and data, and waits until it serves. */
    public void restart(int nodeId) throws InterruptedException {
        ServiceProcess node = node(nodeId);
        node.start();
        node.awaitReady(READY);
    }

    /** SIGKILL of every node at once: the whole of Kafka is gone. */
    public void killAll() {
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::kill))
                .toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Starts every node that is not running and waits until all serve. A node serves only once a majority of the
     * controllers is up, so all are started before any is awaited.
     */
    public void restartAll() throws InterruptedException {
        nodes.forEach(ServiceProcess::start);
        for (ServiceProcess node : nodes) {
            node.awaitReady(READY);
        }
    }

    /**
     * An operator's rolling restart: one node at a time, a controlled shutdown (SIGTERM), the same node started
     * again, and the next only once every replica is back in sync.
     */
    public void rollingRestart() throws InterruptedException {
        for (ServiceProcess node : nodes) {
            log.info("Rolling restart of a Kafka node [node={}]", node.name());
            node.stop();
            node.start();
            node.awaitReady(READY);
            awaitFullyReplicated(REPLICATED);
        }
    }

    /** Each running node's process id by its name ({@code kafka-<id>}); a dead node is left out. */
    public Map<String, Long> nodePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        nodes.stream().filter(ServiceProcess::alive).forEach(node -> pids.put(node.name(), node.pid()));
        return pids;
    }

    public boolean alive(int nodeId) {
        return node(nodeId).alive();
    }

    private ServiceProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /**
     * Ends the cluster for good: SIGKILL of every node. Nothing is kept afterwards, and a controlled shutdown of
     * the whole cluster at once only waits: the last nodes find no controller quorum to hand over to.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
        killAll();
        nodes.forEach(ServiceProcess::close);
    }
}
