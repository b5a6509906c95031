package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.ReplenishmentOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shipment consolidation in the dispatcher: the orders of one order group are charged once (one capture
 * with a line per order), shipped in one parcel, and confirmed and announced in one mail each, as the
 * sandbox provider's and carrier's own ledgers and the mailbox show; under a crash at any step too.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GroupFulfilmentIT extends WithHarness {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final long BLACK = 2199;
    private static final long COLOUR = 1799;

    @Test
    void aGroupIsChargedOnceShippedInOneParcelAndMailedOnceEachWay() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10"));
        s.insertAccount("acc-group", "tok_visa");
        List<ReplenishmentOrder> group = group("acc-group", "SER-G1");
        harness.publish(s.topic(), group);

        try (OrderDispatcher ignored = OrderDispatcher.start(s.config())) {
            awaitShipped(s, group);
            await().atMost(WAIT).until(() -> mails(s, "acc-group", "SHIPMENT") == 1);
        }

        String groupId = group.getFirst().groupId();
        assertOneChargeOneParcel(s, group, groupId, BLACK + 2 * COLOUR);
        assertThat(mails(s, "acc-group", "ORDER_CONFIRMATION")).isEqualTo(1);
        assertThat(s.text("SELECT subject FROM mailbox WHERE account_id = 'acc-group' AND kind = 'ORDER_CONFIRMATION'"))
                .isEqualTo("We ordered 3 cartridges for pixma-ts8320, shipping together");
        String shipment = s.text("SELECT body FROM mailbox WHERE account_id = 'acc-group' AND kind = 'SHIPMENT'");
        assertThat(shipment).contains("- PGI-280 PGBK (pigment black)", "- CLI-281 C (cyan)", "- CLI-281 M (magenta)",
                "Charged: $57.97, once for the parcel");
        for (ReplenishmentOrder order : group) {
            assertThat(s.count("SELECT amount_cents FROM orders WHERE order_id = '" + order.orderId() + "'"))
                    .isEqualTo(order.slot().equals("PGBK") ? BLACK : COLOUR);
        }
        assertThat(s.count("SELECT sum(reserved) FROM inventory")).isZero();
    }

    /**
     * The claim brings a group's other orders along even past the number of orders the worker may have in
     * flight; a worker that then waited for a permit per order would never claim again (the chaos run's orders
     * stayed PENDING that way).
     */
    @Test
    void aGroupLargerThanTheFulfilmentConcurrencyShipsAndTheWorkerGoesOn() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10", "DISPATCHER_FULFILMENT_CONCURRENCY",
                "2"));
        s.insertAccount("acc-big", "tok_visa");
        List<ReplenishmentOrder> group = group("acc-big", "SER-G6");
        harness.publish(s.topic(), group);

        try (OrderDispatcher ignored = OrderDispatcher.start(s.config())) {
            awaitShipped(s, group);
            s.insertAccount("acc-after", "tok_visa");
            List<ReplenishmentOrder> later = group("acc-after", "SER-G7");
            harness.publish(s.topic(), later);
            awaitShipped(s, later);
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isEqualTo(2);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(2);
    }

    @Test
    void aLineWithoutStockIsBackorderedAndTheRestOfTheGroupShips() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10"));
        s.insertAccount("acc-split", "tok_visa");
        List<ReplenishmentOrder> group = group("acc-split", "SER-G2");
        ReplenishmentOrder cyan = group.get(1);

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            s.exec("UPDATE inventory SET on_hand = 0 WHERE sku = 'CLI-281 C'");
            harness.publish(s.topic(), group);
            awaitShipped(s, List.of(group.get(0), group.get(2)));
            await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(cyan.orderId())));

            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isEqualTo(1);
            assertThat(s.count("SELECT amount_cents FROM sandbox_payment_ledger")).isEqualTo(BLACK + COLOUR);
            assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(1);

            // the backordered line ships alone once stock arrives
            dispatcher.tx().run(c -> dispatcher.commands().restock(c, "CLI-281 C", 1));
            awaitShipped(s, List.of(cyan));
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isEqualTo(2);
        assertThat(s.count("SELECT amount_cents FROM sandbox_payment_ledger WHERE reference = '" + cyan.orderId() + "'"))
                .isEqualTo(COLOUR);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(2);
    }

    @Test
    void configuredToWaitTheGroupIsBackorderedWithItsLineWithoutStockAndShipsWholeOnceRestocked() {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10", "DISPATCHER_GROUP_BACKORDER", "WAIT"));
        s.insertAccount("acc-wait", "tok_visa");
        List<ReplenishmentOrder> group = group("acc-wait", "SER-G5");
        ReplenishmentOrder cyan = group.get(1);

        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            s.exec("UPDATE inventory SET on_hand = 0 WHERE sku = 'CLI-281 C'");
            harness.publish(s.topic(), group);
            for (ReplenishmentOrder order : group) {
                await().atMost(WAIT).until(() -> "BACKORDERED".equals(s.state(order.orderId())));
            }
            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isZero();
            assertThat(s.count("SELECT sum(reserved) FROM inventory")).as("the waiting orders hold no unit").isZero();
            await().atMost(WAIT).until(() -> mails(s, "acc-wait", "BACKORDER") == 1);
            assertThat(s.text("SELECT order_id FROM mailbox WHERE account_id = 'acc-wait' AND kind = 'BACKORDER'"))
                    .as("only the cartridge out of stock is announced as backordered").isEqualTo(cyan.orderId());

            dispatcher.tx().run(c -> dispatcher.commands().restock(c, "CLI-281 C", 1));
            awaitShipped(s, group);
        }
        assertOneChargeOneParcel(s, group, group.getFirst().groupId(), BLACK + 2 * COLOUR);
        assertThat(s.count("SELECT sum(reserved) FROM inventory")).isZero();
    }

    @Test
    void theFirstOrdersOfAGroupWaitForTheRestBeforeAnythingIsCharged() throws InterruptedException {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10"));
        s.insertAccount("acc-late", "tok_visa");
        List<ReplenishmentOrder> group = group("acc-late", "SER-G3");

        try (OrderDispatcher ignored = OrderDispatcher.start(s.config())) {
            harness.publish(s.topic(), group.subList(0, 2));
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders") == 2);
            Thread.sleep(1_500); // several fulfilment rounds
            assertThat(s.count("SELECT count(*) FROM orders WHERE state = 'PENDING'")).isEqualTo(2);
            assertThat(mails(s, "acc-late", "ORDER_CONFIRMATION")).isZero();

            harness.publish(s.topic(), group.subList(2, 3));
            awaitShipped(s, group);
        }
        assertOneChargeOneParcel(s, group, group.getFirst().groupId(), BLACK + 2 * COLOUR);
        assertThat(mails(s, "acc-late", "ORDER_CONFIRMATION")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Checkpoint.class, names = {"CHARGE_INTENT_STORED", "CHARGE_REQUESTED", "CHARGE_RESPONSE_STORED",
            "SHIPMENT_REQUESTED", "SHIPMENT_STORED"})
    void aCrashAtAnyStepStillChargesAndShipsTheGroupOnce(Checkpoint crashAt) {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10"));
        s.insertAccount("acc-crash", "tok_visa");
        List<ReplenishmentOrder> group = group("acc-crash", "SER-G4");
        harness.publish(s.topic(), group);

        CrashRecoveryIT.runUntilDead(s, crashAt);
        try (OrderDispatcher ignored = OrderDispatcher.start(s.config(Map.of("DISPATCHER_INSTANCE_ID", "restarted")))) {
            awaitShipped(s, group);
            await().atMost(WAIT).until(() -> mails(s, "acc-crash", "SHIPMENT") == 1);
        }
        assertOneChargeOneParcel(s, group, group.getFirst().groupId(), BLACK + 2 * COLOUR);
        for (ReplenishmentOrder order : group) {
            assertThat(s.count("SELECT count(*) FROM order_events WHERE to_state = 'CHARGED' AND order_id = '"
                    + order.orderId() + "'")).isEqualTo(1);
        }
        assertThat(s.count("SELECT sum(reserved) FROM inventory")).isZero();
    }

    /** Black, cyan and magenta of one PIXMA TS8320, ordered together as streams groups them (black leads). */
    private static List<ReplenishmentOrder> group(String accountId, String serial) {
        Instant now = Instant.now();
        String groupId = OrderIds.group("enr-" + serial, serial, "PGBK", 1);
        return List.of(
                DispatcherHarness.order(accountId, serial, "PGBK", "PGI-280 PGBK", 1, Channel.CANON, now),
                DispatcherHarness.order(accountId, serial, "C", "CLI-281 C", 1, Channel.CANON, now),
                DispatcherHarness.order(accountId, serial, "M", "CLI-281 M", 1, Channel.CANON, now))
                .stream().map(o -> colour(o).inGroup(groupId, 3)).toList();
    }

    /** The harness names every order's colour pigment black; the mail lists each cartridge by its own. */
    private static ReplenishmentOrder colour(ReplenishmentOrder o) {
        String colour = switch (o.slot()) {
            case "C" -> "cyan";
            case "M" -> "magenta";
            default -> o.colour();
        };
        return new ReplenishmentOrder(o.orderId(), o.serial(), o.model(), o.series(), o.enrollmentId(), o.accountId(),
                o.channel(), o.slot(), o.sku(), colour, o.cartridgeId(), o.depletionCycle(), o.trigger(),
                o.remainingPercent(), o.thresholdPercent(), o.forecastDaysToEmpty(), o.reportSequence(), o.createdAt());
    }

    private static void awaitShipped(Scenario s, List<ReplenishmentOrder> orders) {
        for (ReplenishmentOrder order : orders) {
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(order.orderId())));
        }
    }

    private static void assertOneChargeOneParcel(Scenario s, List<ReplenishmentOrder> group, String groupId,
                                                 long total) {
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isEqualTo(1);
        assertThat(s.text("SELECT reference FROM sandbox_payment_ledger")).isEqualTo(groupId);
        assertThat(s.count("SELECT amount_cents FROM sandbox_payment_ledger")).isEqualTo(total);
        assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(1);
        assertThat(s.text("SELECT reference FROM sandbox_carrier_ledger")).isEqualTo(groupId);
        String tracking = s.text("SELECT tracking_number FROM sandbox_carrier_ledger");
        for (ReplenishmentOrder order : group) {
            assertThat(s.state(order.orderId())).isEqualTo("SHIPPED");
            assertThat(s.text("SELECT tracking_number FROM orders WHERE order_id = '" + order.orderId() + "'"))
                    .isEqualTo(tracking);
            // the ledgers say which orders the capture and the parcel cover, with each one's line
            assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger WHERE '" + order.orderId()
                    + "' = ANY(order_ids)")).isEqualTo(1);
            assertThat(s.count("SELECT l.amount FROM sandbox_payment_ledger p,"
                    + " unnest(p.order_ids, p.line_amounts_cents) AS l(order_id, amount) WHERE l.order_id = '"
                    + order.orderId() + "'")).isEqualTo(s.count("SELECT amount_cents FROM orders WHERE order_id = '"
                    + order.orderId() + "'"));
        }
        assertThat(s.count("SELECT count(DISTINCT provider_reference) FROM payment_attempts WHERE status = 'CAPTURED'"))
                .isEqualTo(1);
        assertThat(s.count("SELECT cardinality(order_ids) FROM sandbox_payment_ledger")).isEqualTo(group.size());
        assertThat(s.count("SELECT cardinality(order_ids) FROM sandbox_carrier_ledger")).isEqualTo(group.size());
    }

    private static long mails(Scenario s, String accountId, String kind) {
        return s.count("SELECT count(*) FROM mailbox WHERE account_id = '" + accountId + "' AND kind = '" + kind + "'");
    }
}
