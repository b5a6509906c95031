package io.inkflow.stack.scale;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's HAProxy in front of the gateways, as an operator deploys it: TCP mode, round robin, each gateway
 * health-checked on its HTTP port ({@code GET /health/ready} must answer 200), a connection to a gateway that
 * refuses it dispatched to another. Its configuration is written to the run directory and it runs in the
 * foreground ({@code -db}) as a child of the test.
 */
final class Haproxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Haproxy.class);
    private static final List<Path> EXECUTABLES = List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/bin/haproxy"),
            Path.of("/usr/local/sbin/haproxy"));

    /** A gateway behind the proxy: its MQTT port and the HTTP port of its health endpoint. */
    record Backend(String name, int mqttPort, int healthPort) {
    }

    private final Process process;
    private final int port;

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the test where HAProxy is not installed, but fails under CI=true (the CI script installs it). */
    static Path executable() {
        return EXECUTABLES.stream().filter(Files::isExecutable).findFirst().orElseGet(() -> {
            String message = "No HAProxy: expected one of " + EXECUTABLES + ". Install it with: apt-get install haproxy";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
            return null;
        });
    }

    /** Writes the configuration to {@code dir}, starts HAProxy on {@code port} and waits until it accepts. */
    static Haproxy start(Path executable, Path dir, int port, List<Backend> backends) throws IOException {
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, config(port, backends));
        Process process = new ProcessBuilder(executable.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/haproxy.log").toFile()))
                .start();
        Haproxy haproxy = new Haproxy(process, port);
        try {
            await("HAProxy accepting on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(haproxy::accepting);
        } catch (RuntimeException e) {
            haproxy.close();
            throw e;
        }
        log.info("HAProxy started [pid={}, port={}, backends={}]", process.pid(), port, backends);
        return haproxy;
    }

    /**
     * Health checks every 500 ms, a gateway out after 2 failed checks and back after 2 good ones. A connection
     * refused by a gateway not yet marked down is retried on another ({@code redispatch 1}). Client and server
     * timeouts are far above the printers' MQTT keep-alive, so an idle printer is never cut by the proxy.
     */
    static String config(int port, List<Backend> backends) {
        String servers = backends.stream().map(b -> "  server %s 127.0.0.1:%d check port %d"
                .formatted(b.name(), b.mqttPort(), b.healthPort())).collect(Collectors.joining("\n"));
        return """
                global
                  log stderr format raw local0 info
                  maxconn 4096

                defaults
                  mode tcp
                  log global
                  option tcplog
                  retries 3
                  option redispatch 1
                  timeout connect 2s
                  timeout client 10m
                  timeout server 10m
                  timeout check 2s

                frontend mqtt
                  bind 127.0.0.1:%d
                  default_backend gateways

                backend gateways
                  balance roundrobin
                  option httpchk GET /health/ready
                  http-check expect status 200
                  default-server inter 500ms fall 2 rise 2
                %s
                """.formatted(port, servers);
    }

    int port() {
        return port;
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            if (!process.isAlive()) {
                throw new UncheckedIOException("HAProxy exited with " + process.exitValue(), e);
            }
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
