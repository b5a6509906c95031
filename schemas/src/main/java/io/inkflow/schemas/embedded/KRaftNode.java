package io.inkflow.schemas.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka node running in this JVM: KRaft, broker and controller combined, listening on
 * 127.0.0.1 only, its data in its own directory, so {@link #stop()} followed by {@link #start()} keeps
 * every acknowledged record, like a real broker restart. The local stack's broker and the testkit's
 * single broker and cluster are all made of these nodes, so their broker properties are built here
 * and nowhere else. (Kafka's own KafkaClusterTestKit binds every interface, hence our own.)
 *
 * <p>Needs {@code kafka_2.13}, an optional dependency of {@code schemas}: only the modules that run a
 * broker (the local stack; every module's tests) declare it, so it never reaches a service.
 */
public final class KRaftNode {
    private static final Logger log = LoggerFactory.getLogger(KRaftNode.class);
    /** How long a stopping broker waits for the controller to let it go before it stops uncontrolled. */
    private static final Duration CONTROLLED_SHUTDOWN_BOUND = Duration.ofSeconds(15);
    private static final String CONTROLLER = "CONTROLLER";
    /**
     * The listener clients and the other brokers connect to; plaintext unless {@link #saslPlain} or
     * {@link #saslSsl} maps it.
     */
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    /** How broker properties name a setting of the client listener alone. */
    private static final String CLIENT_LISTENER_PREFIX = "listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT)
            + ".";

    private final int nodeId;
    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String voters;
    private final int clusterSize;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    /**
     * A node of a cluster; call {@link #formatIfNeeded(String)} before the first {@link #start()}.
     *
     * @param voters      every node's {@link #voter(int, int)}, comma separated
     * @param clusterSize the cluster's node count, which sets the replication of the internal topics
     * @param overrides   broker properties that replace the ones built here
     */
    public KRaftNode(int nodeId, Path dataDir, int brokerPort, int controllerPort, String voters, int clusterSize,
                     Map<String, String> overrides) {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.voters = voters;
        this.clusterSize = clusterSize;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * A node that is a cluster of its own on {@code brokerPort} (0 picks a free one), its directory
     * formatted if it is empty (kept otherwise); not started yet.
     */
    public static KRaftNode alone(Path dataDir, int brokerPort, Map<String, String> overrides) {
        int[] ports = FreePorts.pick(2);
        int port = brokerPort == 0 ? ports[0] : brokerPort;
        // Both sockets were open at once, so the controller never gets the broker's port.
        int controllerPort = ports[0] == port ? ports[1] : ports[0];
        KRaftNode node = new KRaftNode(1, dataDir, port, controllerPort, voter(1, controllerPort), 1, overrides);
        node.formatIfNeeded(Uuid.randomUuid().toString());
        return node;
    }

    /**
     * Overrides that make the client listener demand a SASL PLAIN login (protocol SASL_PLAINTEXT, the listener
     * keeps its name), as a production cluster demands one: only the given users (name to password) get in. The
     * node logs in to its own listener as {@code node}, a user of its own, for the inter-broker traffic
     * (transaction markers). The controller listener stays plaintext on 127.0.0.1.
     */
    public static Map<String, String> saslPlain(Map<String, String> users) {
        Map<String, String> p = new HashMap<>(plainLogins(users));
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        return Map.copyOf(p);
    }

    /**
     * As {@link #saslPlain}, inside TLS (protocol SASL_SSL): the listener presents the key and certificate chain
     * of the PEM file {@code keystore} and, for the node's own inter-broker connection, trusts the certificates
     * of the PEM file {@code truststore}, with hostname verification on, so the certificate must name 127.0.0.1.
     * Clients present no certificate; they log in with SASL.
     */
    public static Map<String, String> saslSsl(Map<String, String> users, Path keystore, Path truststore) {
        Map<String, String> p = new HashMap<>(plainLogins(users));
        p.put(CLIENT_LISTENER_PREFIX + "ssl.keystore.type", "PEM");
        p.put(CLIENT_LISTENER_PREFIX + "ssl.keystore.location", keystore.toAbsolutePath().toString());
        p.put(CLIENT_LISTENER_PREFIX + "ssl.truststore.type", "PEM");
        p.put(CLIENT_LISTENER_PREFIX + "ssl.truststore.location", truststore.toAbsolutePath().toString());
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + CONTROLLER + ":PLAINTEXT");
        return Map.copyOf(p);
    }

    private static Map<String, String> plainLogins(Map<String, String> users) {
        String nodePassword = Uuid.randomUuid().toString();
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"node\" password=\"" + nodePassword + "\" user_node=\"" + nodePassword + "\"");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        return Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                CLIENT_LISTENER_PREFIX + "plain.sasl.jaas.config", jaas.append(';').toString());
    }

    /** How {@code controller.quorum.voters} names a node. */
    public static String voter(int nodeId, int controllerPort) {
        return nodeId + "@127.0.0.1:" + controllerPort;
    }

    public String bootstrapServer() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Formats the node's directory for {@code clusterId} unless it already holds a node's data. */
    public void formatIfNeeded(String clusterId) {
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(dataDir.resolve("meta.properties"))) {
                return;
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dataDir, e);
        }
    }

    /**
     * Starts the node unless it runs; returns once it serves. In a cluster that needs a majority of the
     * controllers, so start the nodes side by side.
     */
    public void start() {
        KafkaRaftServer starting;
        synchronized (this) {
            if (server != null) {
                return;
            }
            starting = new KafkaRaftServer(KafkaConfig.fromProps(properties(), false), Time.SYSTEM);
            server = starting;
        }
        starting.startup();
        log.info("Kafka node started [node={}, bootstrap={}, dataDir={}]", nodeId, bootstrapServer(), dataDir);
    }

    /** Shuts the node down (controlled: leadership moves first); its data stays for {@link #start()}. */
    public void stop() {
        KafkaRaftServer stopping;
        synchronized (this) {
            stopping = server;
            server = null;
        }
        if (stopping != null) {
            shutDownBroker(stopping);
            stopping.shutdown();
            stopping.awaitShutdown();
            log.info("Kafka node stopped [node={}, bootstrap={}]", nodeId, bootstrapServer());
        }
    }

    /**
     * Shuts the broker part down first, its controlled shutdown bounded. {@code KafkaRaftServer.shutdown()}
     * would wait up to five minutes for the controller to acknowledge it, which it never does once the other
     * controllers of the quorum are gone (the last node of a cluster closing in parallel, seen in CI); past
     * the bound the broker stops uncontrolled, as a crash would, which loses no acknowledged record. The
     * broker is a private field of KafkaRaftServer, hence the reflection; without it, the plain shutdown.
     */
    private void shutDownBroker(KafkaRaftServer stopping) {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("broker");
            field.setAccessible(true);
            if (field.get(stopping) instanceof scala.Option<?> broker && broker.isDefined()
                    && broker.get() instanceof BrokerServer server) {
                server.shutdown(CONTROLLED_SHUTDOWN_BOUND);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Cannot bound the broker's controlled shutdown; the node shuts down unbounded [node={}]",
                    nodeId, e);
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    Properties properties() {
        // replicated internal topics: factor min(3, nodes), min in-sync replicas min(2, nodes)
        String replication = String.valueOf(Math.min(3, clusterSize));
        String minIsr = String.valueOf(Math.min(2, clusterSize));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
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
        // The cleaner's default 128 MiB dedupe buffer would dominate the heap of a JVM that runs it.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        // the nodes of a cluster share this JVM's cores
        p.put("num.io.threads", clusterSize == 1 ? "4" : "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }
}
