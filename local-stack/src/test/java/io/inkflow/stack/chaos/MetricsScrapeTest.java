package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.inkflow.schemas.embedded.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback: a page served, a refusal, and nobody listening. */
class MetricsScrapeTest {
    private HttpServer server;
    private final MetricsScrape scrape = new MetricsScrape();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = "jvm_threads_live_threads 42.0\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        scrape.close();
    }

    @Test
    void readsThePrometheusTextOfAService() throws Exception {
        assertThat(scrape.read(uri("/metrics"))).hasValue("jvm_threads_live_threads 42.0\n");
    }

    @Test
    void anAnswerOtherThan200IsEmpty() throws Exception {
        assertThat(scrape.read(uri("/broken"))).isEmpty();
    }

    @Test
    void aServiceNotListeningIsEmpty() throws Exception {
        assertThat(scrape.read(URI.create("http://127.0.0.1:" + FreePorts.one() + "/metrics"))).isEmpty();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
