package io.inkflow.dispatcher.http;

import static io.inkflow.dispatcher.http.ApiTestSupport.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.schemas.OrderState;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fulfilment team's side of the customers' cancellation requests: list and decide, by role. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CancellationRequestApiIT {
    static ApiTestSupport api;
    static String fulfilment;
    static String customer;
    static String accountId;
    static final CancellationRequests requests = new CancellationRequests(
            new NotificationOutbox(Clock.systemUTC()));

    @BeforeAll
    static void start() {
        api = new ApiTestSupport();
        fulfilment = api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"FULFILMENT\"}").json().get("apiToken").asText();
        JsonNode account = api.newAccount("requests@example.com");
        accountId = account.get("accountId").asText();
        customer = account.get("apiToken").asText();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    static String requested(String orderId) {
        api.db.execute("""
                INSERT INTO orders (order_id, serial, model, enrollment_id, account_id, channel, slot, sku, depletion_cycle,
                    trigger, remaining_percent, threshold_percent, report_sequence, state, next_attempt_at, created_at,
                    ingested_at, updated_at)
                VALUES ('%s', 'REQ-0001', 'pixma-ts8320', 'enr-req', '%s', 'CANON', 'BK', 'CLI-281 BK', 1, 'THRESHOLD',
                    9, 12, 5, 'BACKORDERED', now(), now(), now(), now())""".formatted(orderId, accountId));
        CancellationRequests.Outcome outcome = new Tx(api.db.dataSource()).run(c -> requests.request(c, accountId,
                orderId, "found it cheaper", Instant.now()));
        return ((CancellationRequests.Outcome.Requested) outcome).requestId();
    }

    static String state(String orderId) {
        return api.db.queryString("SELECT state FROM orders WHERE order_id = '" + orderId + "'");
    }

    @Test
    void theTeamSeesOpenRequestsAndApprovingCancelsTheOrder() {
        String requestId = requested("ord-req-approve");

        ApiTestSupport.Response open = api.get("/api/v1/cancellation-requests?status=OPEN", fulfilment);
        assertThat(open.status()).isEqualTo(200);
        JsonNode listed = open.json().get("requests").findValues("requestId").stream()
                .filter(id -> id.asText().equals(requestId)).findFirst().orElseThrow();
        assertThat(listed).isNotNull();
        assertThat(open.text()).contains("ord-req-approve", "found it cheaper", "BACKORDERED");

        ApiTestSupport.Response approved = api.post("/api/v1/cancellation-requests/" + requestId + "/decision",
                fulfilment, "{\"decision\":\"APPROVE\",\"note\":\"ok\"}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.json().get("decisionNote").asText()).isEqualTo("ok");
        assertThat(state("ord-req-approve")).isEqualTo(OrderState.CANCELLED.name());
        assertThat(api.db.queryString("SELECT detail FROM order_events WHERE order_id = 'ord-req-approve' "
                + "AND to_state = 'CANCELLED'")).contains("cancelled at the customer's request");

        ApiTestSupport.Response again = api.post("/api/v1/cancellation-requests/" + requestId + "/decision",
                fulfilment, "{\"decision\":\"DECLINE\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("request-decided");
    }

    @Test
    void decliningLeavesTheOrderAndAnOrderThatMovedOnCannotBeApproved() {
        String declined = requested("ord-req-decline");
        assertThat(api.post("/api/v1/cancellation-requests/" + declined + "/decision", ADMIN_TOKEN,
                "{\"decision\":\"DECLINE\",\"note\":\"stock arrives tomorrow\"}").json().get("status").asText())
                .isEqualTo("DECLINED");
        assertThat(state("ord-req-decline")).isEqualTo(OrderState.BACKORDERED.name());

        String moved = requested("ord-req-moved");
        api.db.execute("UPDATE orders SET state = 'SHIPPED' WHERE order_id = 'ord-req-moved'");
        ApiTestSupport.Response refused = api.post("/api/v1/cancellation-requests/" + moved + "/decision", fulfilment,
                "{\"decision\":\"APPROVE\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problemType()).isEqualTo("order-not-cancellable");
        assertThat(api.get("/api/v1/cancellation-requests?status=OPEN", fulfilment).text()).contains(moved);
    }

    @Test
    void customersCannotListOrDecideAndBadInputIsNamed() {
        String requestId = requested("ord-req-roles");

        assertThat(api.get("/api/v1/cancellation-requests", customer).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/cancellation-requests/" + requestId + "/decision", customer,
                "{\"decision\":\"APPROVE\"}").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/cancellation-requests", null).status()).isEqualTo(401);
        ApiTestSupport.Response badStatus = api.get("/api/v1/cancellation-requests?status=MAYBE", fulfilment);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("errors").get(0).get("field").asText()).isEqualTo("status");
        ApiTestSupport.Response badDecision = api.post("/api/v1/cancellation-requests/" + requestId + "/decision",
                fulfilment, "{\"decision\":\"MAYBE\"}");
        assertThat(badDecision.status()).isEqualTo(400);
        assertThat(api.post("/api/v1/cancellation-requests/ocr-none/decision", fulfilment,
                "{\"decision\":\"DECLINE\"}").status()).isEqualTo(404);
    }
}
