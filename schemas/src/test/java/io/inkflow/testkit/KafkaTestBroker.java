package io.inkflow.testkit;

import io.inkflow.schemas.TopicSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * A real single-node Kafka broker (KRaft, broker and controller combined) running in this JVM and
 * listening on 127.0.0.1 only. Data lives in the given directory, so {@link #stop()} followed by
 * {@link #restart()} keeps every acknowledged record, like a real broker restart.
 *
 * <p>Kafka's own KafkaClusterTestKit binds every interface, hence this small wrapper.
 */
public final class KafkaTestBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaTestBroker.class);
    private static final String CONTROLLER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    private KafkaTestBroker(Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
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
        int[] ports = freePorts(2);
        int port = brokerPort == 0 ? ports[0] : brokerPort;
        // Both sockets were open at once, so the controller never gets the broker's port.
        int controllerPort = ports[0] == port ? ports[1] : ports[0];
        KafkaTestBroker broker = new KafkaTestBroker(dataDir, port, controllerPort, overrides);
        broker.formatIfNeeded();
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
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
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Kafka test broker stopped [bootstrap={}]", bootstrapServers());
        }
    }

    /** Starts the broker again on the same ports and data. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    public synchronized boolean running() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("Kafka test broker started [bootstrap={}, dataDir={}]", bootstrapServers(), dataDir);
    }

    private void formatIfNeeded() {
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(dataDir.resolve("meta.properties"))) {
                return;
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
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

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default 128 MiB dedupe buffer would dominate a test JVM's heap.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }

    /** Distinct free ports on 127.0.0.1: all sockets are held open together before any is closed. */
    static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port is released either way
                    }
                }
            }
        }
    }

    static int freePort() {
        return freePorts(1)[0];
    }
}
