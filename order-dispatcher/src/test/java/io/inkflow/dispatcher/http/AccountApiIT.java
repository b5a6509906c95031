package io.inkflow.dispatcher.http;

import static io.inkflow.dispatcher.http.ApiTestSupport.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.account.DeviceSecrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AccountApiIT {
    private static final AtomicInteger SERIALS = new AtomicInteger();
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
    void adminOpensAnAccountAndItsTokenSeesOnlyThatAccount() {
        JsonNode a = api.newAccount("a@example.com");
        JsonNode b = api.newAccount("b@example.com");
        String tokenA = a.get("apiToken").asText();
        assertThat(tokenA).startsWith("ifk_");
        assertThat(a.get("accountId").asText()).startsWith("acc-");

        var own = api.get("/api/v1/accounts/" + a.get("accountId").asText(), tokenA);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("email").asText()).isEqualTo("a@example.com");
        assertThat(own.json().at("/shippingAddress/city").asText()).isEqualTo("Springfield");
        assertThat(own.json().at("/paymentMethod/last4").asText()).isEqualTo("4242");
        assertThat(own.json().get("planStatus").asText()).isEqualTo("ACTIVE");
        assertThat(own.text()).doesNotContain("tok_visa_4242").doesNotContain("providerToken");

        var other = api.get("/api/v1/accounts/" + b.get("accountId").asText(), tokenA);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");

        assertThat(api.get("/api/v1/accounts/" + b.get("accountId").asText(), ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/accounts/acc-doesnotexist", ADMIN_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void missingOrWrongTokensAre401AndWrongRolesAre403() {
        JsonNode a = api.newAccount("roles@example.com");
        String accountPath = "/api/v1/accounts/" + a.get("accountId").asText();

        var none = api.get(accountPath, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.problemType()).isEqualTo("unauthenticated");
        assertThat(api.get(accountPath, "ifk_notatoken").status()).isEqualTo(401);
        assertThat(api.get(accountPath, ADMIN_TOKEN + "x").status()).isEqualTo(401);

        String fulfilment = fulfilmentToken();
        var forbidden = api.get(accountPath, fulfilment);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.problemType()).isEqualTo("forbidden");
        // customers cannot open accounts or issue tokens
        assertThat(api.post("/api/v1/accounts", a.get("apiToken").asText(), ApiTestSupport.accountBody("x@example.com"))
                .status()).isEqualTo(403);
        assertThat(api.post("/api/v1/tokens", a.get("apiToken").asText(), "{\"role\":\"FULFILMENT\"}").status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/tokens", fulfilment, "{\"role\":\"FULFILMENT\"}").status()).isEqualTo(403);
    }

    @Test
    void customerEnrollsAPrinterAndGetsItsSecretOnceStoredOnlyAsArgon2Hash() {
        JsonNode a = api.newAccount("enroll@example.com");
        String accountId = a.get("accountId").asText();
        String token = a.get("apiToken").asText();
        String serial = serial();

        var enrolled = api.post("/api/v1/accounts/" + accountId + "/printers", token,
                "{\"serial\":\"" + serial + "\",\"model\":\"pixma-ts8320\",\"channel\":\"CANON\"}");

        assertThat(enrolled.status()).isEqualTo(201);
        JsonNode body = enrolled.json();
        assertThat(body.get("serial").asText()).isEqualTo(serial);
        assertThat(body.get("model").asText()).isEqualTo("pixma-ts8320");
        assertThat(body.get("channel").asText()).isEqualTo("CANON");
        assertThat(body.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(body.get("enrollmentId").asText()).startsWith("enr-");
        String secret = body.get("deviceSecret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        String hash = api.db.queryString("SELECT secret_hash FROM device_credentials WHERE serial = '" + serial + "'");
        assertThat(DeviceSecrets.matches(secret, hash)).isTrue();
        assertThat(api.db.queryLong("SELECT count(*) FROM kafka_outbox WHERE record_key = '" + serial + "'"))
                .isEqualTo(2);

        var list = api.get("/api/v1/accounts/" + accountId + "/printers", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("enrollmentId").asText()).isEqualTo(body.get("enrollmentId").asText());
        assertThat(list.json().get(0).has("enrolledAt")).isTrue();
        assertThat(list.text()).doesNotContain(secret).doesNotContain("deviceSecret");
    }

    @Test
    void unknownModelsWrongTypesAndUnknownFieldsAre400WithFieldErrors() {
        JsonNode a = api.newAccount("bad@example.com");
        String path = "/api/v1/accounts/" + a.get("accountId").asText() + "/printers";
        String token = a.get("apiToken").asText();

        var unknownModel = api.post(path, token, "{\"serial\":\"" + serial()
                + "\",\"model\":\"pixma-9999\",\"channel\":\"CANON\"}");
        assertThat(unknownModel.status()).isEqualTo(400);
        assertThat(unknownModel.json().at("/errors/0/field").asText()).isEqualTo("model");

        var wrongTypes = api.post(path, token, "{\"serial\":12345,\"model\":[\"x\"],\"channel\":\"FAX\",\"extra\":1}");
        assertThat(wrongTypes.status()).isEqualTo(400);
        assertThat(wrongTypes.problemType()).isEqualTo("validation");
        assertThat(wrongTypes.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("extra", "serial", "model", "channel");

        var badSerial = api.post(path, token, "{\"serial\":\"' OR 1=1 --\",\"model\":\"pixma-ts8320\","
                + "\"channel\":\"CANON\"}");
        assertThat(badSerial.status()).isEqualTo(400);
        assertThat(badSerial.json().at("/errors/0/field").asText()).isEqualTo("serial");

        var missing = api.post(path, token, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors")).hasSize(3);
        assertThat(api.db.queryLong("SELECT count(*) FROM enrollments WHERE account_id = '"
                + a.get("accountId").asText() + "'")).isZero();
    }

    @Test
    void anotherAccountsPrinterCannotBeEnrolledOrDeactivatedUntilItsOwnerDeactivatesIt() {
        JsonNode owner = api.newAccount("owner@example.com");
        JsonNode buyer = api.newAccount("buyer@example.com");
        String ownerId = owner.get("accountId").asText();
        String buyerId = buyer.get("accountId").asText();
        String serial = serial();
        String enroll = "{\"serial\":\"" + serial + "\",\"model\":\"imageclass-mf445dw\",\"channel\":\"AMAZON\"}";
        var first = api.post("/api/v1/accounts/" + ownerId + "/printers", owner.get("apiToken").asText(), enroll);
        assertThat(first.status()).isEqualTo(201);

        var taken = api.post("/api/v1/accounts/" + buyerId + "/printers", buyer.get("apiToken").asText(), enroll);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.problemType()).isEqualTo("serial-enrolled");
        // the buyer names its own account but the owner's printer, then the owner's account
        assertThat(api.post("/api/v1/accounts/" + buyerId + "/printers/" + serial + "/deactivate",
                buyer.get("apiToken").asText(), "{\"reason\":\"mine now\"}").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/accounts/" + ownerId + "/printers/" + serial + "/deactivate",
                buyer.get("apiToken").asText(), "{\"reason\":\"mine now\"}").status()).isEqualTo(404);
        assertThat(api.db.queryString("SELECT status FROM enrollments WHERE serial = '" + serial + "'"))
                .isEqualTo("ACTIVE");
        assertThat(api.post("/api/v1/accounts/" + ownerId + "/printers/NOSUCHSERIAL/deactivate",
                owner.get("apiToken").asText(), "{}").status()).isEqualTo(404);

        var deactivated = api.post("/api/v1/accounts/" + ownerId + "/printers/" + serial + "/deactivate",
                owner.get("apiToken").asText(), "{\"reason\":\"sold\"}");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.json().get("status").asText()).isEqualTo("DEACTIVATED");
        assertThat(api.db.queryString("SELECT status FROM device_credentials WHERE serial = '" + serial + "'"))
                .isEqualTo("REVOKED");

        var again = api.post("/api/v1/accounts/" + buyerId + "/printers", buyer.get("apiToken").asText(), enroll);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("enrollmentId").asText()).isNotEqualTo(first.json().get("enrollmentId").asText());
    }

    @Test
    void aLostDeviceSecretIsReplacedAndTheOldOneRevoked() {
        JsonNode owner = api.newAccount("rotate@example.com");
        JsonNode other = api.newAccount("rotate-other@example.com");
        String accountId = owner.get("accountId").asText();
        String serial = serial();
        var enrolled = api.post("/api/v1/accounts/" + accountId + "/printers", owner.get("apiToken").asText(),
                "{\"serial\":\"" + serial + "\",\"model\":\"pixma-ts8320\",\"channel\":\"CANON\"}");
        String oldSecret = enrolled.json().get("deviceSecret").asText();
        String path = "/api/v1/accounts/" + accountId + "/printers/" + serial + "/rotate-secret";

        assertThat(api.post(path, other.get("apiToken").asText(), "{}").status()).isEqualTo(404);
        var rotated = api.post(path, owner.get("apiToken").asText(), "{}");

        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().get("deviceSecret").asText();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(rotated.json().get("enrollmentId").asText()).isEqualTo(enrolled.json().get("enrollmentId").asText());
        String active = api.db.queryString("SELECT secret_hash FROM device_credentials WHERE serial = '" + serial
                + "' AND status = 'ACTIVE'");
        assertThat(DeviceSecrets.matches(newSecret, active)).isTrue();
        assertThat(DeviceSecrets.matches(oldSecret, active)).isFalse();
        assertThat(api.db.queryLong("SELECT count(*) FROM device_credentials WHERE serial = '" + serial
                + "' AND status = 'REVOKED'")).isEqualTo(1);
        assertThat(api.db.queryString("SELECT payload::json->>'status' FROM kafka_outbox WHERE record_key = '"
                + serial + "' AND topic = 'printer.credentials.v1' ORDER BY id DESC LIMIT 1")).isEqualTo("ACTIVE");
        assertThat(api.post("/api/v1/accounts/" + accountId + "/printers/NOSUCH-1/rotate-secret",
                owner.get("apiToken").asText(), "{}").status()).isEqualTo(404);
    }

    @Test
    void shippingAddressChangesAreValidatedAndKeptInHistory() {
        JsonNode a = api.newAccount("move@example.com");
        String accountId = a.get("accountId").asText();
        String path = "/api/v1/accounts/" + accountId + "/shipping-address";

        var changed = api.put(path, a.get("apiToken").asText(), """
                {"name":"Ada L","line1":"2 Side St","line2":"Apt 3","city":"Shelbyville","region":"IL",
                 "postalCode":"62565","country":"US"}""");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/shippingAddress/line1").asText()).isEqualTo("2 Side St");
        assertThat(api.db.queryString("SELECT ship_city FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("Shelbyville");
        assertThat(api.db.queryLong("SELECT count(*) FROM account_addresses WHERE account_id = '" + accountId + "'"))
                .isEqualTo(2);

        var invalid = api.put(path, a.get("apiToken").asText(),
                "{\"name\":\"\",\"line1\":\"x\",\"city\":\"y\",\"postalCode\":\"<script>\",\"country\":\"usa\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("name", "postalCode", "country");
        assertThat(api.db.queryString("SELECT ship_city FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("Shelbyville");
    }

    @Test
    void paymentMethodChangeRetriesFailedPaymentsAndRefusesCardNumbers() {
        JsonNode a = api.newAccount("pay@example.com");
        String accountId = a.get("accountId").asText();
        String path = "/api/v1/accounts/" + accountId + "/payment-method";
        for (String orderId : java.util.List.of("ord-pay-1", "ord-pay-2")) {
            TestRows.order(api.db, orderId, "KMPAY-1", accountId, "CLI-281 BK", io.inkflow.schemas.OrderState.PAYMENT_FAILED,
                    java.time.Instant.now());
        }

        var changed = api.put(path, a.get("apiToken").asText(),
                "{\"providerToken\":\"tok_mc_5555\",\"brand\":\"MASTERCARD\",\"last4\":\"5555\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("retriedOrders").asInt()).isEqualTo(2);
        assertThat(api.db.queryLong("SELECT count(*) FROM orders WHERE account_id = '" + accountId
                + "' AND state = 'PENDING' AND payment_attempt = 2")).isEqualTo(2);
        assertThat(changed.json().at("/account/paymentMethod/brand").asText()).isEqualTo("MASTERCARD");
        assertThat(changed.text()).doesNotContain("tok_mc_5555");
        assertThat(api.db.queryString("SELECT payment_token FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("tok_mc_5555");

        var card = api.put(path, a.get("apiToken").asText(),
                "{\"providerToken\":\"4111 1111 1111 1111\",\"brand\":\"VISA\",\"last4\":\"1111\"}");
        assertThat(card.status()).isEqualTo(400);
        assertThat(card.json().at("/errors/0/field").asText()).isEqualTo("providerToken");
        assertThat(card.text()).doesNotContain("4111 1111");
        var badLast4 = api.put(path, a.get("apiToken").asText(), "{\"providerToken\":\"tok_x_1\",\"last4\":\"12a4\"}");
        assertThat(badLast4.status()).isEqualTo(400);
        assertThat(api.db.queryString("SELECT payment_token FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("tok_mc_5555");
    }

    @Test
    void planCancelCancelsEnrollmentsRecordsReasonsAndNotifiesOnce() {
        JsonNode a = api.newAccount("cancel@example.com");
        String accountId = a.get("accountId").asText();
        String token = a.get("apiToken").asText();
        api.post("/api/v1/accounts/" + accountId + "/printers", token,
                "{\"serial\":\"" + serial() + "\",\"model\":\"pixma-g7020\",\"channel\":\"CANON\"}");

        var noReasons = api.post("/api/v1/accounts/" + accountId + "/plan/cancel", token, "{\"reasons\":[]}");
        assertThat(noReasons.status()).isEqualTo(400);

        var cancelled = api.post("/api/v1/accounts/" + accountId + "/plan/cancel", token,
                "{\"reasons\":[\"TOO_EXPENSIVE\",\"PRINTING_LESS\"],\"comment\":\"thanks\\nbye\"}");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("planStatus").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("enrollmentsCancelled").asInt()).isEqualTo(1);
        assertThat(api.db.queryString("SELECT plan_status FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("CANCELLED");
        assertThat(api.db.queryString("SELECT array_to_string(reasons, ',') FROM plan_cancellations"
                + " WHERE account_id = '" + accountId + "'")).isEqualTo("TOO_EXPENSIVE,PRINTING_LESS");
        assertThat(api.db.queryLong("SELECT count(*) FROM notifications WHERE kind = 'PLAN_CANCELLED'"
                + " AND account_id = '" + accountId + "'")).isEqualTo(1);
        assertThat(api.get("/api/v1/accounts/" + accountId + "/printers", token).json().get(0).get("status").asText())
                .isEqualTo("CANCELLED");

        var twice = api.post("/api/v1/accounts/" + accountId + "/plan/cancel", token, "{\"reasons\":[\"AGAIN\"]}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(api.db.queryLong("SELECT count(*) FROM notifications WHERE kind = 'PLAN_CANCELLED'"
                + " AND account_id = '" + accountId + "'")).isEqualTo(1);
    }

    @Test
    void injectionStringsAreStoredVerbatimAndHarmless() {
        String name = "Robert'); DROP TABLE accounts;--";
        var created = api.post("/api/v1/accounts", ADMIN_TOKEN, ApiTestSupport.accountBody("bobby@example.com")
                .replace("\"name\":\"Ada Lovelace\",\n", "\"name\":" + ApiTestSupport.json(name) + ",\n"));
        assertThat(created.status()).isEqualTo(201);
        String accountId = created.json().get("accountId").asText();
        assertThat(api.get("/api/v1/accounts/" + accountId, ADMIN_TOKEN).json().get("name").asText()).isEqualTo(name);

        String injectedId = URLEncoder.encode("x' OR '1'='1", StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(api.get("/api/v1/accounts/" + injectedId, ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/accounts/" + injectedId + "/printers", ADMIN_TOKEN).status()).isEqualTo(404);
        var query = api.get("/api/v1/orders?serial=" + injectedId, ADMIN_TOKEN);
        assertThat(query.status()).isEqualTo(400);
        assertThat(api.db.queryLong("SELECT count(*) FROM accounts")).isPositive();
    }

    private static String fulfilmentToken() {
        var issued = api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"FULFILMENT\",\"description\":\"ops\"}");
        assertThat(issued.status()).isEqualTo(201);
        return issued.json().get("apiToken").asText();
    }

    private static String serial() {
        return "KMAPI-" + ProcessHandle.current().pid() + "-" + SERIALS.incrementAndGet();
    }
}
