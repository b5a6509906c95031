package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Orders page: states, amounts, carrier and tracking, and asking to cancel a backordered order. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PortalOrdersIT extends PortalITSupport {
    /** An order row as the dispatcher stores it. */
    static void order(String orderId, String accountId, String serial, String state, Long amount, String tracking) {
        fx.db.execute("""
                INSERT INTO orders (order_id, serial, model, series, enrollment_id, account_id, channel, slot, sku, colour,
                    depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence, state, amount_cents,
                    tracking_number, delivery_estimate, next_attempt_at, created_at, ingested_at, updated_at)
                VALUES ('%s', '%s', 'imageclass-mf445dw', 'IMAGECLASS', 'enr-%s', '%s', 'CANON', 'K', 'Cartridge 057',
                    'black', 1, 'THRESHOLD', 9, 10, 7, '%s', %s, %s, %s, now(), now(), now(), now())"""
                .formatted(orderId, serial, serial, accountId, state, amount == null ? "NULL" : amount,
                        tracking == null ? "NULL" : "'" + tracking + "'", tracking == null ? "NULL" : "DATE '2026-12-09'"));
        if (tracking != null) {
            fx.db.execute("""
                    INSERT INTO shipments (order_id, idempotency_key, status, ship_to, carrier, tracking_number,
                        delivery_estimate, requested_at, completed_at)
                    VALUES ('%s', 'ship-%s', 'CREATED', '{}', 'SANDBOX-POST', '%s', DATE '2026-12-09', now(), now())"""
                    .formatted(orderId, orderId, tracking));
        }
    }

    @Test
    void ordersShowTheirStateAmountChargedCarrierTrackingAndDeliveryDate() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Orderer", "orderer@example.com");
        order("ord-shipped-1", accountId, "ORD-0001", "SHIPPED", 4699L, "SBX-1234567890");
        order("ord-pending-1", accountId, "ORD-0001", "PENDING", null, null);
        order("ord-failed-1", accountId, "ORD-0001", "PAYMENT_FAILED", null, null);

        PortalClient.Page page = browser.get("/account/orders");
        String shipped = page.text("#order-ord-shipped-1");
        assertThat(shipped).contains("imageCLASS MF445dw", "ORD-0001", "black", "Cartridge 057", "Shipped", "$46.99",
                "SANDBOX-POST: SBX-1234567890", "Wed 9 Dec 2026");
        assertThat(page.text("#order-ord-pending-1")).contains("Ordered", "Not charged yet");
        assertThat(page.text("#order-ord-failed-1")).contains("Payment failed", "Update your payment method");
        assertThat(page.html().select("#orders button")).as("only backorders can be asked to be cancelled").isEmpty();
    }

    @Test
    void eachOrderSaysWhyItWasPlaced() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Curious", "curious@example.com");
        order("ord-threshold-1", accountId, "WHY-0001", "PENDING", null, null);
        order("ord-forecast-1", accountId, "WHY-0001", "PENDING", null, null);
        fx.db.execute("UPDATE orders SET trigger = 'FORECAST', forecast_days_to_empty = 3.6 "
                + "WHERE order_id = 'ord-forecast-1'");

        PortalClient.Page page = browser.get("/account/orders");
        assertThat(page.text("#order-ord-forecast-1 .order-reason")).isEqualTo("ordered 4 days before empty");
        assertThat(page.text("#order-ord-threshold-1 .order-reason")).isEqualTo("ordered at the threshold");
    }

    @Test
    void aBackorderedOrderCanBeAskedOnceToBeCancelledAndTheTeamDecides() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Waiter", "waiter@example.com");
        order("ord-back-1", accountId, "WAIT-0001", "BACKORDERED", null, null);
        PortalClient.Page page = browser.get("/account/orders");
        assertThat(page.text("#order-ord-back-1")).contains("Backordered: waiting for stock");

        PortalClient.Page asked = browser.submit(page, "form[action=/account/orders/ord-back-1/cancellation-request]",
                Map.of());
        assertThat(asked.notice()).startsWith("Your request to cancel the order has been sent");
        assertThat(asked.text("#order-ord-back-1")).contains("Cancellation requested");
        assertThat(fx.db.queryString("SELECT status FROM order_cancellation_requests WHERE order_id = 'ord-back-1'"))
                .isEqualTo("OPEN");
        assertThat(fx.db.queryString("SELECT state FROM orders WHERE order_id = 'ord-back-1'"))
                .as("asking is not cancelling").isEqualTo("BACKORDERED");
        assertThat(fx.lastMail("CANCELLATION_REQUESTED", accountId)).contains("ord-back-1", "Cartridge 057");

        PortalClient.Page twice = browser.submit(page, "form[action=/account/orders/ord-back-1/cancellation-request]",
                Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text(".problem")).isEqualTo("You have already asked us to cancel order ord-back-1.");
        assertThat(fx.db.queryLong("SELECT count(*) FROM order_cancellation_requests WHERE order_id = 'ord-back-1'"))
                .isEqualTo(1);
    }

    @Test
    void onlyBackorderedOrdersOfTheCustomersOwnCanBeAskedToBeCancelled() {
        PortalClient owner = fx.client();
        String ownerId = fx.verifiedCustomer(owner, "Owner", "owner.orders@example.com");
        order("ord-theirs-1", ownerId, "THEIRS-0001", "BACKORDERED", null, null);
        order("ord-moved-1", ownerId, "THEIRS-0001", "BACKORDERED", null, null);
        PortalClient.Page page = owner.get("/account/orders");
        fx.db.execute("UPDATE orders SET state = 'CHARGED' WHERE order_id = 'ord-moved-1'"); // stock arrived meanwhile

        PortalClient.Page moved = owner.submit(page, "form[action=/account/orders/ord-moved-1/cancellation-request]",
                Map.of());
        assertThat(moved.status()).isEqualTo(409);
        assertThat(moved.text(".problem")).contains("is no longer waiting for stock");

        PortalClient intruder = fx.client();
        fx.verifiedCustomer(intruder, "Intruder", "intruder.orders@example.com");
        assertThat(intruder.get("/account/orders").text("#orders")).isNull();
        String csrf = intruder.get("/account").html().selectFirst("input[name=_csrf]").attr("value");
        PortalClient.Page foreign = intruder.post("/account/orders/ord-theirs-1/cancellation-request",
                Map.of("_csrf", csrf));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(fx.db.queryLong("SELECT count(*) FROM order_cancellation_requests WHERE order_id = 'ord-theirs-1'"))
                .isZero();
    }
}
