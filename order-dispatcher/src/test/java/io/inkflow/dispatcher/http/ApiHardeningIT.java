package io.inkflow.dispatcher.http;

import static io.inkflow.dispatcher.http.ApiTestSupport.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.OrderState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ApiHardeningIT {
    private static ApiTestSupport api;

    @BeforeAll
    static void start() {
        api = new ApiTestSupport();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void oversizeBodiesAre413WhetherDeclaredOrChunked() {
        String big = "{\"email\":\"" + "a".repeat(20_000) + "@example.com\"}";
        var declared = api.post("/api/v1/accounts", ADMIN_TOKEN, big);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");

        HttpRequest chunked = api.request("/api/v1/accounts", ADMIN_TOKEN)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        var streamed = api.send(chunked);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.problemType()).isEqualTo("body-too-large");
        assertThat(api.db.queryLong("SELECT count(*) FROM accounts")).isZero();
    }

    @Test
    void bodiesMustBeJsonObjects() {
        HttpRequest form = api.request("/api/v1/accounts", ADMIN_TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("email=a@example.com")).build();
        assertThat(api.send(form).status()).isEqualTo(415);

        var malformed = api.post("/api/v1/accounts", ADMIN_TOKEN, "{\"email\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemType()).isEqualTo("bad-request");
        assertThat(api.post("/api/v1/accounts", ADMIN_TOKEN, "[1,2,3]").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/accounts", ADMIN_TOKEN, "{\"email\":\"a@b.c\",\"email\":\"d@e.f\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/accounts", ADMIN_TOKEN, "{} {}").status()).isEqualTo(400);
        var control = api.post("/api/v1/accounts", ADMIN_TOKEN,
                ApiTestSupport.accountBody("ctl@example.com").replace("Springfield", "Spring\\u0000field"));
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.json().at("/errors/0/field").asText()).isEqualTo("shippingAddress.city");
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        var unknown = api.get("/api/v1/nothing-here", ADMIN_TOKEN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        var wrongMethod = api.send(api.request("/api/v1/accounts", ADMIN_TOKEN).DELETE().build());
        assertThat(wrongMethod.status()).isIn(404, 405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
    }

    @Test
    void serverErrorsCarryACorrelationIdAndNoStackTrace() {
        TestRows.order(api.db, "ord-boom", "KMBOOM-1", "acc-boom", "CLI-281 BK", OrderState.PENDING, Instant.now());
        // a real server-side failure: the database refuses the update with an internal error
        api.db.execute("CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN RAISE EXCEPTION 'secret internal detail' USING ERRCODE = 'XX000'; END $$");
        api.db.execute("CREATE TRIGGER boom BEFORE UPDATE ON orders FOR EACH ROW WHEN (OLD.order_id = 'ord-boom')"
                + " EXECUTE FUNCTION refuse_boom()");

        String key = UUID.randomUUID().toString();
        var failed = api.post("/api/v1/orders/ord-boom/cancel", ADMIN_TOKEN, key, "{}");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        String correlationId = failed.json().get("correlationId").asText();
        assertThat(correlationId).isNotBlank().isEqualTo(failed.header("X-Correlation-Id"));
        assertThat(failed.json().get("detail").asText()).contains(correlationId);
        assertThat(failed.text()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException")
                .doesNotContain("at io.inkflow");
        // the failed request released its key: once the fault is gone the retry runs and succeeds
        assertThat(api.db.queryString("SELECT state FROM orders WHERE order_id = 'ord-boom'")).isEqualTo("PENDING");
        api.db.execute("DROP TRIGGER boom ON orders");
        var retried = api.post("/api/v1/orders/ord-boom/cancel", ADMIN_TOKEN, key, "{}");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.header(Endpoints.REPLAYED)).isNull();
        assertThat(api.db.queryString("SELECT state FROM orders WHERE order_id = 'ord-boom'")).isEqualTo("CANCELLED");
    }

    @Test
    void healthAndMetricsAreServed() {
        assertThat(api.get("/health/live", null).status()).isEqualTo(200);
        var ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("database").asText()).isEqualTo("UP");
        api.get("/api/v1/inventory", ADMIN_TOKEN);
        var metrics = api.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("dispatcher_http_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\"}");
    }

    @Test
    void anUnreachableDatabaseMakesTheServiceUnreadyAndAnswers503() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setServerNames(new String[] {"127.0.0.1"});
        unreachable.setPortNumbers(new int[] {closedPort});
        unreachable.setConnectTimeout(2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DispatcherMetrics metrics = new DispatcherMetrics(registry);
        try (ApiServer down = new ApiServer(new Tx(unreachable), Clock.systemUTC(),
                ApiTestSupport.services(metrics, Clock.systemUTC()), registry, metrics,
                new ApiConfig(0, ADMIN_TOKEN, 4096))) {
            down.start();
            HttpClient client = HttpClient.newHttpClient();
            var ready = send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port()
                    + "/health/ready")).build());
            assertThat(ready.statusCode()).isEqualTo(503);
            var account = send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port()
                    + "/api/v1/accounts/acc-1")).header("Authorization", "Bearer " + ADMIN_TOKEN).build());
            assertThat(account.statusCode()).isEqualTo(503);
            assertThat(account.headers().firstValue("Retry-After")).isPresent();
            assertThat(account.body()).contains("correlationId").doesNotContain("PSQLException");
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
