package io.inkflow.testkit;

import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.schemas.embedded.KRaftNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster of N {@link KRaftNode}s (each broker and controller combined, all of them
 * voters) running in this JVM and listening on 127.0.0.1 only, with replicated internal topics
 * (replication factor min(3, N), min in-sync replicas min(2, N)). Each node keeps its data in its
 * own directory, so {@link #stopNode(int)} followed by {@link #startNode(int)} is a broker
 * restart.
 *
 * <p>In one JVM a node can only be shut down, not killed: {@link #stopNode(int)} is a controlled
 * shutdown (leadership moves first), the kindest kind of broker failure.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private final Path dataDir;
    private final KRaftNode[] nodes;

    private KafkaTestCluster(Path dataDir, int size, Map<String, String> overrides) {
        this.dataDir = dataDir;
        int[] ports = FreePorts.pick(2 * size);
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            voters.add(KRaftNode.voter(nodeId(i), ports[2 * i + 1]));
        }
        this.nodes = new KRaftNode[size];
        for (int i = 0; i < size; i++) {
            nodes[i] = new KRaftNode(nodeId(i), dataDir.resolve("node-" + i), ports[2 * i], ports[2 * i + 1],
                    String.join(",", voters), size, overrides);
        }
    }

    /** Formats one directory per node under {@code dataDir} and starts all nodes on free ports. */
    public static KafkaTestCluster start(Path dataDir, int nodes, Map<String, String> overrides) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1");
        }
        KafkaTestCluster cluster = new KafkaTestCluster(dataDir, nodes, overrides);
        String clusterId = Uuid.randomUuid().toString();
        for (KRaftNode node : cluster.nodes) {
            node.formatIfNeeded(clusterId);
        }
        // A node's start-up waits for the controller quorum, which needs a majority of the nodes:
        // start them side by side.
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int node = i;
            starting.add(CompletableFuture.runAsync(() -> cluster.startNode(node)));
        }
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public int size() {
        return nodes.length;
    }

    /** Every node's listener, comma separated. */
    public String bootstrapServers() {
        List<String> addresses = new ArrayList<>();
        for (KRaftNode node : nodes) {
            addresses.add(node.bootstrapServer());
        }
        return String.join(",", addresses);
    }

    public String bootstrapServer(int node) {
        return nodes[node].bootstrapServer();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates every InkFlow topic with the given partition count and replication factor. */
    public void createInkflowTopics(int partitions, short replicationFactor) {
        try (Admin admin = admin()) {
            TopicSetup.ensureTopics(admin, partitions, replicationFactor);
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Starts a node that is not running, on its ports and data. */
    public void startNode(int node) {
        nodes[node].start();
    }

    /** Shuts one node down (controlled); its data stays for {@link #startNode(int)}. */
    public void stopNode(int node) {
        nodes[node].stop();
    }

    public boolean running(int node) {
        return nodes[node].running();
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            int node = i;
            stopping.add(CompletableFuture.runAsync(() -> stopNode(node)));
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    }

    private static int nodeId(int node) {
        return node + 1;
    }
}
