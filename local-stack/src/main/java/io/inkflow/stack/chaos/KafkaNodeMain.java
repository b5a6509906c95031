package io.inkflow.stack.chaos;

import com.sun.net.httpserver.HttpServer;
import io.inkflow.schemas.config.Env;
import io.inkflow.schemas.embedded.KRaftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * One {@link KRaftNode} (broker and controller combined) as an operating-system process of its own, so a
 * chaos run or a test can SIGKILL it: started by {@link KafkaProcessCluster} with {@code java -cp <classpath>}, configured
 * by environment variables, its directory formatted on the first start and kept afterwards. Once the node
 * serves, {@code GET /health/ready} on {@code CHAOS_KAFKA_NODE_HEALTH_PORT} answers 200, as the services' endpoints
 * do, so {@link ServiceProcess} can wait for it.
 *
 * <p>Variables: {@code CHAOS_KAFKA_NODE_ID}, {@code CHAOS_KAFKA_NODE_DIR}, {@code CHAOS_KAFKA_NODE_PORT} (broker listener),
 * {@code CHAOS_KAFKA_NODE_CONTROLLER_PORT}, {@code CHAOS_KAFKA_NODE_VOTERS} ({@code controller.quorum.voters}),
 * {@code CHAOS_KAFKA_NODE_CLUSTER_SIZE}, {@code CHAOS_KAFKA_NODE_CLUSTER_ID}, {@code CHAOS_KAFKA_NODE_HEALTH_PORT}.
 */
public final class KafkaNodeMain {
    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws IOException {
        Env env = new Env(System.getenv());
        KRaftNode node = new KRaftNode(env.integer("CHAOS_KAFKA_NODE_ID"), Path.of(env.string("CHAOS_KAFKA_NODE_DIR")),
                env.integer("CHAOS_KAFKA_NODE_PORT"), env.integer("CHAOS_KAFKA_NODE_CONTROLLER_PORT"), env.string("CHAOS_KAFKA_NODE_VOTERS"),
                env.integer("CHAOS_KAFKA_NODE_CLUSTER_SIZE"), Map.of());
        node.formatIfNeeded(env.string("CHAOS_KAFKA_NODE_CLUSTER_ID"));
        HttpServer health = HttpServer.create(new InetSocketAddress("127.0.0.1", env.integer("CHAOS_KAFKA_NODE_HEALTH_PORT")), 0);
        health.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(node.running() ? 200 : 503, -1);
            exchange.close();
        });
        // SIGTERM (ServiceProcess.stop) is a controlled shutdown; SIGKILL skips this hook, as a crash would.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            health.stop(0);
            node.stop();
        }, "kafka-node-shutdown"));
        node.start(); // returns once the node serves, which needs a majority of the controllers
        health.start();
    }
}
