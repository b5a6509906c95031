package io.inkflow.simulator.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slice of the dispatcher HTTP API the simulator uses (docs/contracts.md), on the JDK's
 * HttpServer: accounts, enrollment, and the cursor-paged order list. Enforces the bearer token and
 * the Idempotency-Key header, and replays the first answer for a reused key.
 */
public final class FakeDispatcher implements AutoCloseable {
    public static final String ADMIN = "admin-secret";

    private final HttpServer server;
    private final int maxPage;
    private final List<ObjectNode> orders = new CopyOnWriteArrayList<>();
    private final Map<String, String> idempotent = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    public final AtomicInteger orderPagesServed = new AtomicInteger();
    public final List<String> enrolledSerials = new CopyOnWriteArrayList<>();

    public FakeDispatcher(int maxPage) throws IOException {
        this.maxPage = maxPage;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void addOrder(String orderId, String serial, String slot, int cycle, String trigger) {
        addOrder(orderId, serial, slot, cycle, trigger, null, null);
    }

    /** An order of an order group (both null: shipped on its own). */
    public void addOrder(String orderId, String serial, String slot, int cycle, String trigger, String groupId,
                         Integer groupSize) {
        ObjectNode order = Json.mapper().createObjectNode();
        order.put("orderId", orderId).put("serial", serial).put("model", "m").put("accountId", "a")
                .put("slot", slot).put("sku", "SKU").put("depletionCycle", cycle).put("trigger", trigger)
                .put("groupId", groupId).put("groupSize", groupSize)
                .put("channel", "CANON").put("state", "SHIPPED").put("amountCents", 1999)
                .putNull("trackingNumber").put("createdAt", "2026-01-01T00:00:00Z");
        orders.add(order);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + ADMIN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"title\":\"Unauthorized\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                if (key == null) {
                    reply(exchange, 400, "{\"title\":\"Idempotency-Key missing\"}");
                    return;
                }
                JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
                String answer = idempotent.computeIfAbsent(key, k -> create(path, body));
                reply(exchange, answer == null ? 404 : 201, answer == null ? "{}" : answer);
            } else if (path.equals("/api/v1/orders")) {
                reply(exchange, 200, page(query(exchange.getRequestURI())));
            } else {
                reply(exchange, 404, "{}");
            }
        }
    }

    private String create(String path, JsonNode body) {
        ObjectNode out = Json.mapper().createObjectNode();
        if (path.equals("/api/v1/accounts")) {
            out.put("accountId", "acct-" + ids.incrementAndGet()).put("apiToken", "tok-" + ids.get());
        } else if (path.matches("/api/v1/accounts/[^/]+/printers")) {
            enrolledSerials.add(body.get("serial").asText());
            out.put("serial", body.get("serial").asText()).put("model", body.get("model").asText())
                    .put("channel", body.get("channel").asText()).put("enrollmentId", "enr-" + ids.incrementAndGet())
                    .put("status", "ACTIVE").put("deviceSecret", "secret-" + ids.get());
        } else {
            return null;
        }
        return out.toString();
    }

    private String page(Map<String, String> query) {
        orderPagesServed.incrementAndGet();
        int limit = Math.min(maxPage, Integer.parseInt(query.getOrDefault("limit", "100")));
        String serial = query.get("serial");
        String after = query.get("after");
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode order : orders) {
            if (serial == null || serial.equals(order.get("serial").asText())) {
                matching.add(order);
            }
        }
        matching.sort(Comparator.comparing(o -> o.get("orderId").asText()));
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode list = out.putArray("orders");
        String last = null;
        int index = 0;
        for (ObjectNode order : matching) {
            if (after != null && order.get("orderId").asText().compareTo(after) <= 0) {
                continue;
            }
            if (index++ == limit) {
                out.put("next", last);
                return out.toString();
            }
            list.add(order);
            last = order.get("orderId").asText();
        }
        out.putNull("next");
        return out.toString();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String part : uri.getRawQuery().split("&")) {
                String[] kv = part.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
