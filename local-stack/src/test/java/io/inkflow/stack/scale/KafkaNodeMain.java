package io.inkflow.stack.scale;

import com.sun.net.httpserver.HttpServer;
import io.inkflow.schemas.embedded.KRaftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * One {@link KRaftNode} (broker and controller combined) as an operating-system process of its own, so a
 * test can SIGKILL it: started by {@link KafkaProcessCluster} with {@code java -cp <test classpath>}, configured
 * by environment variables, its directory formatted on the first start and kept afterwards. Once the node
 * serves, {@code GET /health/ready} on {@code KAFKA_NODE_HEALTH_PORT} answers 200, as the services' endpoints
 * do, so {@link io.inkflow.stack.chaos.ServiceProcess} can wait for it.
 *
 * <p>Variables: {@code KAFKA_NODE_ID}, {@code KAFKA_NODE_DIR}, {@code KAFKA_NODE_PORT} (broker listener),
 * {@code KAFKA_NODE_CONTROLLER_PORT}, {@code KAFKA_NODE_VOTERS} ({@code controller.quorum.voters}),
 * {@code KAFKA_NODE_CLUSTER_SIZE}, {@code KAFKA_NODE_CLUSTER_ID}, {@code KAFKA_NODE_HEALTH_PORT}.
 */
public final class KafkaNodeMain {
    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        KRaftNode node = new KRaftNode(intVar(env, "KAFKA_NODE_ID"), Path.of(var(env, "KAFKA_NODE_DIR")),
                intVar(env, "KAFKA_NODE_PORT"), intVar(env, "KAFKA_NODE_CONTROLLER_PORT"), var(env, "KAFKA_NODE_VOTERS"),
                intVar(env, "KAFKA_NODE_CLUSTER_SIZE"), Map.of());
        node.formatIfNeeded(var(env, "KAFKA_NODE_CLUSTER_ID"));
        HttpServer health = HttpServer.create(new InetSocketAddress("127.0.0.1", intVar(env, "KAFKA_NODE_HEALTH_PORT")), 0);
        health.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(node.running() ? 200 : 503, -1);
            exchange.close();
        });
        // SIGTERM (ServiceProcess.close) is a controlled shutdown; SIGKILL skips this hook, as a crash would.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            health.stop(0);
            node.stop();
        }, "kafka-node-shutdown"));
        node.start(); // returns once the node serves, which needs a majority of the controllers
        health.start();
    }

    private static String var(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value;
    }

    private static int intVar(Map<String, String> env, String name) {
        try {
            return Integer.parseInt(var(env, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number", e);
        }
    }
}
