package io.inkflow.dispatcher.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.deadletter.DeadLetterStore;
import io.inkflow.dispatcher.fulfilment.FulfilmentCommands;
import io.inkflow.dispatcher.ingest.BatchHandler;
import io.inkflow.dispatcher.ingest.DeadLetterReplayer;
import io.inkflow.dispatcher.ingest.OrderBatchWriter;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.InventoryStore;
import io.inkflow.dispatcher.persistence.OrderEventLog;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A running API on a real embedded PostgreSQL (all migrations applied), with a real HTTP client.
 * One per test class.
 */
final class ApiTestSupport implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    final TestDatabase db;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final DispatcherMetrics metrics = new DispatcherMetrics(registry);
    final ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiTestSupport() {
        db = TestDatabase.start();
        server = new ApiServer(db.tx(), Clock.systemUTC(), services(metrics, Clock.systemUTC()), registry, metrics,
                new ApiConfig(0, ADMIN_TOKEN, 16 * 1024));
        server.start();
    }

    /**
     * The real order commands and dead letter replay (of the orders topic) on the test database: the API
     * tests check what the commands did in the database, not what a stand-in said.
     */
    static ApiServer.Services services(DispatcherMetrics metrics, Clock clock) {
        NotificationOutbox notifications = new NotificationOutbox(clock);
        OrderEventLog events = new OrderEventLog(Topics.ORDER_EVENTS);
        OrderStore orderStore = new OrderStore(events, metrics);
        FulfilmentCommands commands = new FulfilmentCommands(orderStore, new InventoryStore(),
                new PaymentAttempts(), new Shipments(), notifications, clock, metrics);
        DeadLetterStore deadLetters = new DeadLetterStore();
        BatchHandler orders = new OrderBatchWriter(new SchemaValidator(), ModelCatalog.bundled(), notifications, events,
                orderStore, clock, metrics);
        return new ApiServer.Services(commands, deadLetters,
                new DeadLetterReplayer(Map.of(Topics.ORDERS, orders), deadLetters, metrics, clock));
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }

    /** An HTTP answer with its body parsed when it is JSON. */
    record Response(int status, Map<String, java.util.List<String>> headers, String text) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(text);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + text, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** The last segment of a problem's type URI. */
        String problemType() {
            return json().path("type").asText().replace(Problems.TYPE_BASE, "");
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Response post(String path, String token, String key, String body) {
        HttpRequest.Builder builder = request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return send(builder.build());
    }

    /** A POST with a fresh Idempotency-Key. */
    Response post(String path, String token, String body) {
        return post(path, token, UUID.randomUUID().toString(), body);
    }

    Response put(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A new account through the API; returns {accountId, apiToken}. */
    JsonNode newAccount(String email) {
        Response created = post("/api/v1/accounts", ADMIN_TOKEN, accountBody(email));
        if (created.status() != 201) {
            throw new AssertionError("Cannot create account: " + created);
        }
        return created.json();
    }

    static String accountBody(String email) {
        return """
                {"email":"%s","name":"Ada Lovelace",
                 "shippingAddress":{"name":"Ada Lovelace","line1":"1 Main St","line2":null,"city":"Springfield",
                                    "region":"IL","postalCode":"62701","country":"US"},
                 "paymentMethod":{"providerToken":"tok_visa_4242","brand":"VISA","last4":"4242"}}""".formatted(email);
    }

    static String json(Object value) {
        return Endpoints.json(value);
    }

    static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
