package io.inkflow.testkit;

import io.inkflow.schemas.TopicSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of N nodes (KRaft, each node broker and controller combined, all of them
 * voters) running in this JVM and listening on 127.0.0.1 only, with replicated internal topics
 * (replication factor min(3, N), min in-sync replicas min(2, N)). Each node keeps its data in its
 * own directory, so {@link #stopNode(int)} followed by {@link #startNode(int)} is a broker
 * restart. Modelled on {@link KafkaTestBroker}.
 *
 * <p>In one JVM a node can only be shut down, not killed: {@link #stopNode(int)} is a controlled
 * shutdown (leadership moves first), the kindest kind of broker failure.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaTestCluster.class);
    private static final String CONTROLLER = "CONTROLLER";

    private final Path dataDir;
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    private final Map<String, String> overrides;
    private final KafkaRaftServer[] servers;

    private KafkaTestCluster(Path dataDir, int nodes, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.brokerPorts = new int[nodes];
        this.controllerPorts = new int[nodes];
        int[] ports = KafkaTestBroker.freePorts(2 * nodes);
        for (int i = 0; i < nodes; i++) {
            brokerPorts[i] = ports[2 * i];
            controllerPorts[i] = ports[2 * i + 1];
        }
        this.overrides = Map.copyOf(overrides);
        this.servers = new KafkaRaftServer[nodes];
    }

    /** Formats one directory per node under {@code dataDir} and starts all nodes on free ports. */
    public static KafkaTestCluster start(Path dataDir, int nodes, Map<String, String> overrides) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1");
        }
        KafkaTestCluster cluster = new KafkaTestCluster(dataDir, nodes, overrides);
        cluster.format(Uuid.randomUuid().toString());
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
        return servers.length;
    }

    /** Every node's listener, comma separated. */
    public String bootstrapServers() {
        List<String> addresses = new ArrayList<>();
        for (int port : brokerPorts) {
            addresses.add("127.0.0.1:" + port);
        }
        return String.join(",", addresses);
    }

    public String bootstrapServer(int node) {
        return "127.0.0.1:" + brokerPorts[node];
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
        KafkaRaftServer server;
        synchronized (this) {
            if (servers[node] != null) {
                return;
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties(node), false), Time.SYSTEM);
            servers[node] = server;
        }
        server.startup();
        log.info("Kafka cluster node started [node={}, bootstrap={}]", node, bootstrapServer(node));
    }

    /** Shuts one node down (controlled); its data stays for {@link #startNode(int)}. */
    public void stopNode(int node) {
        KafkaRaftServer server;
        synchronized (this) {
            server = servers[node];
            servers[node] = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            log.info("Kafka cluster node stopped [node={}]", node);
        }
    }

    public synchronized boolean running(int node) {
        return servers[node] != null;
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            int node = i;
            stopping.add(CompletableFuture.runAsync(() -> stopNode(node)));
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    }

    private Path nodeDir(int node) {
        return dataDir.resolve("node-" + node);
    }

    private void format(String clusterId) {
        for (int node = 0; node < servers.length; node++) {
            Path dir = nodeDir(node);
            try {
                Files.createDirectories(dir);
                if (Files.exists(dir.resolve("meta.properties"))) {
                    continue;
                }
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(nodeId(node))
                        .setClusterId(clusterId)
                        .setDirectories(List.of(dir.toString()))
                        .setMetadataLogDirectory(dir.toString())
                        .setControllerListenerName(CONTROLLER)
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot format Kafka storage in " + dir, e);
            }
        }
    }

    private static int nodeId(int node) {
        return node + 1;
    }

    private String voters() {
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            voters.add(nodeId(i) + "@127.0.0.1:" + controllerPorts[i]);
        }
        return voters.stream().collect(Collectors.joining(","));
    }

    private Properties properties(int node) {
        String replication = String.valueOf(Math.min(3, servers.length));
        String minIsr = String.valueOf(Math.min(2, servers.length));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId(node)));
        p.put("controller.quorum.voters", voters());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[node] + "," + CONTROLLER + "://127.0.0.1:"
                + controllerPorts[node]);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[node]);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", nodeDir(node).toString());
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replication);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }
}
