package io.inkflow.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /metrics} (Prometheus text), {@code /health/live} (the streams client has not failed) and
 * {@code /health/ready} (the streams client is RUNNING) on the JDK's HTTP server.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static StatusServer start(String host, int port, PrometheusMeterRegistry registry,
                                     Supplier<KafkaStreams.State> state) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the status HTTP server to " + host + ":" + port, e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> {
            KafkaStreams.State current = state.get();
            boolean live = current != KafkaStreams.State.ERROR && current != KafkaStreams.State.PENDING_ERROR;
            respond(exchange, live ? 200 : 503, "application/json", status(live ? "UP" : "DOWN", current));
        });
        server.createContext("/health/ready", exchange -> {
            KafkaStreams.State current = state.get();
            boolean ready = current == KafkaStreams.State.RUNNING;
            respond(exchange, ready ? 200 : 503, "application/json", status(ready ? "UP" : "DOWN", current));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "streams-status-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new StatusServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String status(String status, KafkaStreams.State state) {
        return "{\"status\":\"" + status + "\",\"streams\":\"" + state + "\"}";
    }

    private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
