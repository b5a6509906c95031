package io.inkflow.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the dispatcher HTTP API (docs/contracts.md, base path {@code /api/v1}). POSTs carry an
 * idempotency key chosen by the caller, so a retried call after a timeout never creates twice;
 * retryable failures (no answer, 409 in progress, 429, 5xx) are retried a few times with backoff.
 */
public final class DispatcherClient {
    private static final Logger log = LoggerFactory.getLogger(DispatcherClient.class);
    private static final int ATTEMPTS = 5;

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    public DispatcherClient(URI base, String token, HttpClient http, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public static DispatcherClient create(URI base, String token) {
        return new DispatcherClient(base, token,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(30));
    }

    public ApiModels.AccountCreated createAccount(ApiModels.NewAccount account, String idempotencyKey) {
        return post("/api/v1/accounts", account, idempotencyKey, ApiModels.AccountCreated.class);
    }

    public ApiModels.EnrolledPrinter enrollPrinter(String accountId, ApiModels.EnrollPrinter printer,
                                                   String idempotencyKey) {
        return post("/api/v1/accounts/" + encode(accountId) + "/printers", printer, idempotencyKey,
                ApiModels.EnrolledPrinter.class);
    }

    /** One page of {@code GET /api/v1/orders}. */
    public ApiModels.OrderPage ordersPage(Optional<String> serial, Optional<String> after, int limit) {
        StringBuilder path = new StringBuilder("/api/v1/orders?limit=").append(limit);
        serial.ifPresent(s -> path.append("&serial=").append(encode(s)));
        after.ifPresent(a -> path.append("&after=").append(encode(a)));
        return get(path.toString(), Json.mapper().constructType(ApiModels.OrderPage.class));
    }

    /** Every order (of one serial, or all), following the {@code next} cursor to the end. */
    public List<ApiModels.Order> allOrders(Optional<String> serial, int pageSize) {
        List<ApiModels.Order> orders = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            ApiModels.OrderPage page = ordersPage(serial, after, pageSize);
            orders.addAll(page.orders());
            if (page.next() == null || page.next().isBlank() || page.orders().isEmpty()) {
                return orders;
            }
            after = Optional.of(page.next());
        }
    }

    private <T> T post(String path, Object body, String idempotencyKey, Class<T> type) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + body, e);
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return send(request, "POST " + path, Json.mapper().constructType(type));
    }

    private <T> T get(String path, JavaType type) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build();
        return send(request, "GET " + path, type);
    }

    private <T> T send(HttpRequest request, String what, JavaType type) {
        ApiException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return Json.mapper().readValue(response.body(), type);
                }
                last = new ApiException(what, response.statusCode(), response.body());
            } catch (IOException e) {
                last = new ApiException(what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(what, e);
            }
            if (!last.retryable() || attempt == ATTEMPTS) {
                throw last;
            }
            log.debug("Retrying API call [request={}, attempt={}, status={}]", what, attempt, last.status());
            pause(200L << attempt);
        }
        throw last;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public URI base() {
        return base;
    }
}
