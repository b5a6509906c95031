package io.inkflow.dispatcher.http;

import static io.inkflow.dispatcher.http.ApiTestSupport.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IdempotencyApiIT {
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
    void aPostWithoutIdempotencyKeyIs400AndWritesNothing() {
        long before = accounts();
        var response = api.post("/api/v1/accounts", ADMIN_TOKEN, null, ApiTestSupport.accountBody("nokey@example.com"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("idempotency-key-missing");
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void sameKeyAndBodyReplaysTheStoredResponseWithoutTheSecret() {
        String key = UUID.randomUUID().toString();
        String body = ApiTestSupport.accountBody("replay@example.com");
        long before = accounts();

        var first = api.post("/api/v1/accounts", ADMIN_TOKEN, key, body);
        var second = api.post("/api/v1/accounts", ADMIN_TOKEN, key, body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("apiToken").asText()).startsWith("ifk_");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header(Endpoints.REPLAYED)).isEqualTo("true");
        assertThat(second.json().get("accountId").asText()).isEqualTo(first.json().get("accountId").asText());
        assertThat(second.json().get("apiToken").isNull()).isTrue();
        assertThat(accounts()).isEqualTo(before + 1);
        assertThat(api.db.queryLong("SELECT count(*) FROM idempotency_keys WHERE response_body LIKE '%ifk_%'"))
                .isZero();
    }

    @Test
    void enrollmentReplayAnswersTheSameEnrollmentWithoutTheDeviceSecret() {
        JsonNode account = api.newAccount("enroll-replay@example.com");
        String path = "/api/v1/accounts/" + account.get("accountId").asText() + "/printers";
        String body = "{\"serial\":\"KMIDEM-0001\",\"model\":\"pixma-ts9520\",\"channel\":\"CANON\"}";
        String key = UUID.randomUUID().toString();

        var first = api.post(path, account.get("apiToken").asText(), key, body);
        var replay = api.post(path, account.get("apiToken").asText(), key, body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("enrollmentId").asText()).isEqualTo(first.json().get("enrollmentId").asText());
        assertThat(replay.json().get("deviceSecret").isNull()).isTrue();
        assertThat(api.db.queryLong("SELECT count(*) FROM enrollments WHERE serial = 'KMIDEM-0001'")).isEqualTo(1);
        assertThat(api.db.queryLong("SELECT count(*) FROM idempotency_keys WHERE response_body LIKE '%"
                + first.json().get("deviceSecret").asText() + "%'")).isZero();
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        assertThat(api.post("/api/v1/accounts", ADMIN_TOKEN, key, ApiTestSupport.accountBody("one@example.com"))
                .status()).isEqualTo(201);

        var reused = api.post("/api/v1/accounts", ADMIN_TOKEN, key, ApiTestSupport.accountBody("two@example.com"));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).isEqualTo("idempotency-key-reused");
        assertThat(api.db.queryLong("SELECT count(*) FROM accounts WHERE email = 'two@example.com'")).isZero();
    }

    @Test
    void aKeyStillInProgressIs409UntilItsLeaseRunsOut() throws Exception {
        String body = ApiTestSupport.accountBody("inprogress@example.com");
        String fresh = UUID.randomUUID().toString();
        claim(fresh, body, Instant.now());

        var busy = api.post("/api/v1/accounts", ADMIN_TOKEN, fresh, body);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.problemType()).isEqualTo("idempotency-key-in-progress");
        assertThat(busy.header("Retry-After")).isEqualTo("1");

        // a claim whose request died (crash) is taken over once its lease ran out
        String stale = UUID.randomUUID().toString();
        claim(stale, body, Instant.now().minus(IdempotencyStore.LEASE).minusSeconds(5));
        assertThat(api.post("/api/v1/accounts", ADMIN_TOKEN, stale, body).status()).isEqualTo(201);
    }

    @Test
    void aFailedRequestReleasesItsKeySoTheCorrectedRequestRuns() {
        String key = UUID.randomUUID().toString();
        var invalid = api.post("/api/v1/accounts", ADMIN_TOKEN, key, "{\"email\":\"not-an-email\"}");
        assertThat(invalid.status()).isEqualTo(400);

        var corrected = api.post("/api/v1/accounts", ADMIN_TOKEN, key, ApiTestSupport.accountBody("fixed@example.com"));
        assertThat(corrected.status()).isEqualTo(201);
        assertThat(corrected.header(Endpoints.REPLAYED)).isNull();
    }

    @Test
    void keysAreScopedToTheCallingToken() {
        JsonNode a = api.newAccount("scope-a@example.com");
        JsonNode b = api.newAccount("scope-b@example.com");
        String key = "shared-key-1";
        String body = "{\"reasons\":[\"MOVING\"]}";

        var first = api.post("/api/v1/accounts/" + a.get("accountId").asText() + "/plan/cancel",
                a.get("apiToken").asText(), key, body);
        var second = api.post("/api/v1/accounts/" + b.get("accountId").asText() + "/plan/cancel",
                b.get("apiToken").asText(), key, body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header(Endpoints.REPLAYED)).isNull();
        assertThat(second.json().get("accountId").asText()).isEqualTo(b.get("accountId").asText());
    }

    @Test
    void concurrentDuplicatesCreateExactlyOneAccount() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = ApiTestSupport.accountBody("race@example.com");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<ApiTestSupport.Response> responses = new ArrayList<>();
        try {
            List<Callable<ApiTestSupport.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> api.post("/api/v1/accounts", ADMIN_TOKEN, key, body));
            }
            for (Future<ApiTestSupport.Response> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(responses).extracting(ApiTestSupport.Response::status).allMatch(s -> s == 201 || s == 409);
        assertThat(responses).filteredOn(r -> r.status() == 201 && r.header(Endpoints.REPLAYED) == null).hasSize(1);
        assertThat(api.db.queryLong("SELECT count(*) FROM accounts WHERE email = 'race@example.com'")).isEqualTo(1);
    }

    @Test
    void malformedKeysAre400() {
        var response = api.post("/api/v1/accounts", ADMIN_TOKEN, "x".repeat(256),
                ApiTestSupport.accountBody("longkey@example.com"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("idempotency-key-invalid");
    }

    /** Inserts an in-progress claim as a running (or crashed) request of the admin would have left it. */
    private static void claim(String key, String body, Instant at) throws Exception {
        byte[] hash = ApiTokens.sha256("POST\n/api/v1/accounts\n" + body);
        try (Connection c = api.db.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO idempotency_keys (principal, idempotency_key, request_sha256, status, created_at)
                VALUES ('admin', ?, ?, 'IN_PROGRESS', ?)""")) {
            insert.setString(1, key);
            insert.setBytes(2, hash);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    private static long accounts() {
        return api.db.queryLong("SELECT count(*) FROM accounts");
    }
}
