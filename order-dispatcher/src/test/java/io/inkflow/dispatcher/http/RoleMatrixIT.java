package io.inkflow.dispatcher.http;

import static io.inkflow.dispatcher.http.ApiTestSupport.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every endpoint called by every kind of caller, each with a valid request: allowed callers get the
 * success status, anonymous callers 401, a customer naming another account 404, other roles 403.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoleMatrixIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static ApiTestSupport api;
    private static String fulfilment;

    /** Who calls. */
    enum Caller { ANONYMOUS, OWNER, OTHER_CUSTOMER, FULFILMENT, ADMIN }

    /** A fresh account (owner) and another customer, for one call. */
    record Fixture(String accountId, String ownerToken, String otherToken) {
    }

    record Call(String method, String path, String body) {
    }

    record Endpoint(String name, Set<Caller> allowed, boolean accountScoped, int success,
                    Function<Fixture, Call> call) {
    }

    @BeforeAll
    static void start() {
        api = new ApiTestSupport();
        fulfilment = api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"FULFILMENT\"}").json().get("apiToken").asText();
        api.db.execute("""
                INSERT INTO orders (order_id, serial, model, enrollment_id, account_id, channel, slot, sku,
                    depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence, state,
                    next_attempt_at, created_at, ingested_at, updated_at)
                VALUES ('ord-matrix', 'KMMATRIX-0', 'pixma-ts8320', 'enr-1', 'acc-x', 'CANON', 'BK', 'CLI-281 BK',
                    1, 'THRESHOLD', 10, 12, 1, 'PENDING', now(), now(), now(), now())""");
        api.db.execute("INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES ('SKU-MATRIX', 0, 0, now())");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static List<Endpoint> endpoints() {
        Set<Caller> ownerOrAdmin = EnumSet.of(Caller.OWNER, Caller.ADMIN);
        Set<Caller> fulfilmentOrAdmin = EnumSet.of(Caller.FULFILMENT, Caller.ADMIN);
        String account = "/api/v1/accounts/";
        return List.of(
                new Endpoint("create account", EnumSet.of(Caller.ADMIN), false, 201,
                        f -> new Call("POST", "/api/v1/accounts", ApiTestSupport.accountBody("m@example.com"))),
                new Endpoint("get account", ownerOrAdmin, true, 200,
                        f -> new Call("GET", account + f.accountId(), null)),
                new Endpoint("enroll printer", ownerOrAdmin, true, 201,
                        f -> new Call("POST", account + f.accountId() + "/printers", "{\"serial\":\"KMMATRIX-"
                                + COUNTER.incrementAndGet() + "\",\"model\":\"pixma-ts8320\",\"channel\":\"CANON\"}")),
                new Endpoint("list printers", ownerOrAdmin, true, 200,
                        f -> new Call("GET", account + f.accountId() + "/printers", null)),
                new Endpoint("deactivate printer", ownerOrAdmin, true, 200,
                        f -> new Call("POST", account + f.accountId() + "/printers/" + enrolled(f) + "/deactivate",
                                "{\"reason\":\"sold\"}")),
                new Endpoint("rotate device secret", ownerOrAdmin, true, 200,
                        f -> new Call("POST", account + f.accountId() + "/printers/" + enrolled(f) + "/rotate-secret",
                                "{}")),
                new Endpoint("shipping address", ownerOrAdmin, true, 200,
                        f -> new Call("PUT", account + f.accountId() + "/shipping-address", "{\"name\":\"N\","
                                + "\"line1\":\"L\",\"city\":\"C\",\"postalCode\":\"12345\",\"country\":\"DE\"}")),
                new Endpoint("payment method", ownerOrAdmin, true, 200,
                        f -> new Call("PUT", account + f.accountId() + "/payment-method",
                                "{\"providerToken\":\"tok_matrix\",\"brand\":\"VISA\",\"last4\":\"0000\"}")),
                new Endpoint("cancel plan", ownerOrAdmin, true, 200,
                        f -> new Call("POST", account + f.accountId() + "/plan/cancel", "{\"reasons\":[\"X\"]}")),
                new Endpoint("account orders", EnumSet.of(Caller.OWNER, Caller.FULFILMENT, Caller.ADMIN), true, 200,
                        f -> new Call("GET", account + f.accountId() + "/orders", null)),
                new Endpoint("list orders", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/orders?limit=5", null)),
                new Endpoint("get order", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/orders/ord-matrix", null)),
                new Endpoint("cancel order", fulfilmentOrAdmin, false, 200,
                        f -> new Call("POST", "/api/v1/orders/" + order(OrderState.PENDING) + "/cancel", "{}")),
                new Endpoint("release parked order", fulfilmentOrAdmin, false, 200,
                        f -> new Call("POST", "/api/v1/orders/" + parkedOrder() + "/release", "{}")),
                new Endpoint("retry payment", fulfilmentOrAdmin, false, 200,
                        f -> new Call("POST", "/api/v1/orders/" + order(OrderState.PAYMENT_FAILED) + "/retry-payment",
                                "{}")),
                new Endpoint("list dead letters", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/dead-letters?status=OPEN", null)),
                new Endpoint("get dead letter", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/dead-letters/" + deadLetter(), null)),
                new Endpoint("replay dead letter", fulfilmentOrAdmin, false, 200,
                        f -> new Call("POST", "/api/v1/dead-letters/" + deadLetter() + "/replay", "{}")),
                new Endpoint("backorders", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/backorders", null)),
                new Endpoint("inventory", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/inventory", null)),
                new Endpoint("restock", fulfilmentOrAdmin, false, 200,
                        f -> new Call("POST", "/api/v1/inventory/SKU-MATRIX/restock", "{\"quantity\":1}")),
                new Endpoint("order flow", fulfilmentOrAdmin, false, 200,
                        f -> new Call("GET", "/api/v1/order-flow", null)),
                new Endpoint("mailbox", ownerOrAdmin, true, 200,
                        f -> new Call("GET", "/api/v1/mailbox?accountId=" + f.accountId(), null)),
                new Endpoint("issue token", EnumSet.of(Caller.ADMIN), false, 201,
                        f -> new Call("POST", "/api/v1/tokens", "{\"role\":\"FULFILMENT\"}")),
                new Endpoint("revoke token", EnumSet.of(Caller.ADMIN), false, 200,
                        f -> new Call("POST", "/api/v1/tokens/" + issuedTokenId() + "/revoke", "{}")));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                int expected = expected(endpoint, caller);
                tests.add(DynamicTest.dynamicTest(endpoint.name() + " as " + caller + " -> " + expected, () -> {
                    Fixture fixture = fixture();
                    Call call = endpoint.call().apply(fixture);
                    ApiTestSupport.Response response = send(call, token(caller, fixture));
                    assertThat(response.status()).as(response.text()).isEqualTo(expected);
                    if (expected >= 400) {
                        assertThat(response.contentType()).startsWith("application/problem+json");
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static int expected(Endpoint endpoint, Caller caller) {
        if (caller == Caller.ANONYMOUS) {
            return 401;
        }
        if (endpoint.allowed().contains(caller)) {
            return endpoint.success();
        }
        if (caller == Caller.OTHER_CUSTOMER && endpoint.accountScoped()) {
            return 404;
        }
        return 403;
    }

    private static ApiTestSupport.Response send(Call call, String token) {
        return switch (call.method()) {
            case "GET" -> api.get(call.path(), token);
            case "PUT" -> api.put(call.path(), token, call.body());
            case "POST" -> api.post(call.path(), token, call.body());
            default -> throw new IllegalArgumentException(call.method());
        };
    }

    private static String token(Caller caller, Fixture fixture) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case OWNER -> fixture.ownerToken();
            case OTHER_CUSTOMER -> fixture.otherToken();
            case FULFILMENT -> fulfilment;
            case ADMIN -> ADMIN_TOKEN;
        };
    }

    private static Fixture fixture() {
        JsonNode owner = api.newAccount("owner@example.com");
        JsonNode other = api.newAccount("other@example.com");
        return new Fixture(owner.get("accountId").asText(), owner.get("apiToken").asText(),
                other.get("apiToken").asText());
    }

    private static String enrolled(Fixture fixture) {
        String serial = "KMMATRIX-D" + COUNTER.incrementAndGet();
        var response = api.post("/api/v1/accounts/" + fixture.accountId() + "/printers", ADMIN_TOKEN,
                "{\"serial\":\"" + serial + "\",\"model\":\"pixma-g7020\",\"channel\":\"CANON\"}");
        assertThat(response.status()).isEqualTo(201);
        return serial;
    }

    private static String order(OrderState state) {
        String orderId = "ord-matrix-" + COUNTER.incrementAndGet();
        TestRows.order(api.db, orderId, "KMMATRIX-O", "acc-x", "CLI-281 BK", state, Instant.now());
        return orderId;
    }

    private static String parkedOrder() {
        String orderId = order(OrderState.PENDING);
        TestRows.park(api.db, orderId, "REPEATED_FAILURES");
        return orderId;
    }

    private static long deadLetter() {
        return TestRows.deadLetter(api.db, Topics.ORDERS, "not json", "NOT_JSON");
    }

    private static String issuedTokenId() {
        return api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"FULFILMENT\"}").json().get("tokenId").asText();
    }
}
