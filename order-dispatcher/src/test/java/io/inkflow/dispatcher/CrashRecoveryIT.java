package io.inkflow.dispatcher;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.payment.StripeFake;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ReplenishmentOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stops a dispatcher dead at each durable step and starts another on the same database: every order is
 * charged exactly once and shipped exactly once, as the sandbox provider's and carrier's own ledgers show.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CrashRecoveryIT extends WithHarness {
    private static final Duration WAIT = Duration.ofSeconds(45);

    /** The process "dies" at the first checkpoint of the given kind: from then on every step it reaches fails. */
    static final class DieAt implements Checkpoint.Listener {
        private final Checkpoint target;
        private final AtomicBoolean dead = new AtomicBoolean();
        private final AtomicReference<String> diedOn = new AtomicReference<>();

        DieAt(Checkpoint target) {
            this.target = target;
        }

        @Override
        public void reached(Checkpoint checkpoint, String orderId) {
            if (checkpoint == target && dead.compareAndSet(false, true)) {
                diedOn.set(orderId);
            }
            if (dead.get()) {
                throw new SimulatedCrash(checkpoint);
            }
        }

        boolean dead() {
            return dead.get();
        }

        /** The order whose step the process died in; null when it died in the consumer. */
        String diedOn() {
            return diedOn.get();
        }
    }

    /** An Error, like the JVM going away: nothing on the way up may treat it as a handled failure. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(Checkpoint at) {
            super("simulated crash at " + at);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Checkpoint.class, names = {"ORDER_STORED", "CHARGE_INTENT_STORED", "CHARGE_REQUESTED",
            "CHARGE_RESPONSE_STORED", "SHIPMENT_REQUESTED", "SHIPMENT_STORED"})
    void crashAtAnyStepThenRestartChargesAndShipsEachOrderExactlyOnce(Checkpoint crashAt) {
        Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10"));
        s.insertAccount("acc-crash", "tok_visa");
        List<ReplenishmentOrder> orders = crashAndRestart(s, crashAt);
        assertExactlyOnce(s, orders);
    }

    /**
     * The same run against the Stripe adapter and a WireMock Stripe: each shipped order has exactly one
     * successful charge, counted from the requests Stripe received (one idempotency key per order, however
     * often a resumed dispatcher replayed it).
     */
    @ParameterizedTest
    @EnumSource(value = Checkpoint.class, names = {"ORDER_STORED", "CHARGE_INTENT_STORED", "CHARGE_REQUESTED",
            "CHARGE_RESPONSE_STORED", "SHIPMENT_REQUESTED", "SHIPMENT_STORED"})
    void crashAtAnyStepThenRestartChargesEachOrderOnceAtStripe(Checkpoint crashAt) {
        try (StripeFake stripe = new StripeFake()) {
            stripe.behaveIdempotently();
            Scenario s = harness.scenario(Map.of("DISPATCHER_INITIAL_STOCK", "10",
                    "DISPATCHER_PAYMENT_PROVIDER", "stripe", "DISPATCHER_STRIPE_API_KEY", "sk_test_inkflow",
                    "DISPATCHER_STRIPE_API_BASE", stripe.base().toString()));
            s.insertAccount("acc-crash", StripeFake.TOKEN);
            List<ReplenishmentOrder> orders = crashAndRestart(s, crashAt);

            Map<String, Set<String>> charges = stripe.successfulChargeKeysByOrder();
            assertThat(charges.keySet()).containsExactlyInAnyOrderElementsOf(
                    orders.stream().map(ReplenishmentOrder::orderId).toList());
            for (ReplenishmentOrder order : orders) {
                String id = order.orderId();
                assertThat(s.state(id)).as(id).isEqualTo("SHIPPED");
                assertThat(charges.get(id)).as("charges of %s", id).hasSize(1);
                assertThat(s.text("SELECT provider_reference FROM payment_attempts WHERE order_id = '" + id + "'"))
                        .isEqualTo("pi_" + charges.get(id).iterator().next());
                assertThat(s.count("SELECT count(*) FROM order_events WHERE to_state = 'CHARGED' AND order_id = '"
                        + id + "'")).isEqualTo(1);
                assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger WHERE reference = '" + id + "'"))
                        .isEqualTo(1);
            }
            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isZero();
            if (crashAt == Checkpoint.CHARGE_REQUESTED) {
                // the charge the dead process made was asked for again, with its key: replayed, not repeated
                assertThat(stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeFake.INTENTS))))
                        .hasSizeGreaterThan(orders.size());
            }
        }
    }

    /** Runs a dispatcher on the scenario until it dies at the first checkpoint of the kind; closes what is left. */
    static DieAt runUntilDead(Scenario s, Checkpoint crashAt) {
        DieAt dieAt = new DieAt(crashAt);
        OrderDispatcher doomed = OrderDispatcher.start(s.config(), Clock.systemUTC(), dieAt);
        try {
            // the simulated crash escapes the dispatcher's threads uncaught, as it must: not a test failure
            await().atMost(WAIT).dontCatchUncaughtExceptions().until(dieAt::dead);
        } finally {
            doomed.close();
        }
        return dieAt;
    }

    /** Three orders; a dispatcher dies at the checkpoint; another on the same database finishes them. */
    private static List<ReplenishmentOrder> crashAndRestart(Scenario s, Checkpoint crashAt) {
        List<ReplenishmentOrder> orders = List.of(
                DispatcherHarness.order("acc-crash", "SER-X1", 1, Channel.CANON),
                DispatcherHarness.order("acc-crash", "SER-X2", 1, Channel.CANON),
                DispatcherHarness.order("acc-crash", "SER-X3", 1, Channel.CANON));
        harness.publish(s.topic(), orders);

        DieAt dieAt = runUntilDead(s, crashAt);
        // the crash really cut the order's work short (or, after the shipment, happened right after it)
        if (dieAt.diedOn() == null) {
            assertThat(s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'")).isZero();
        } else {
            assertThat(s.state(dieAt.diedOn())).isEqualTo(crashAt == Checkpoint.SHIPMENT_STORED ? "SHIPPED"
                    : crashAt == Checkpoint.CHARGE_RESPONSE_STORED || crashAt == Checkpoint.SHIPMENT_REQUESTED
                    ? "CHARGED" : "PENDING");
        }

        try (OrderDispatcher restarted = OrderDispatcher.start(s.config(Map.of("DISPATCHER_INSTANCE_ID", "restarted")))) {
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == 3);
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM mailbox WHERE kind = 'SHIPMENT'") == 3);
        }
        return orders;
    }

    @Test
    void lostResponsesAreReconciledByIdempotencyKeyNotRepeated() {
        Scenario s = harness.scenario(Map.of(
                "DISPATCHER_SANDBOX_PAYMENT_FAULT", "LOSE_RESPONSE", "DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE", "1",
                "DISPATCHER_SANDBOX_CARRIER_FAULT", "LOSE_RESPONSE", "DISPATCHER_SANDBOX_CARRIER_FAULT_RATE", "1"));
        s.insertAccount("acc-lost", "tok_visa");
        List<ReplenishmentOrder> orders = List.of(
                DispatcherHarness.order("acc-lost", "SER-L1", 1, Channel.CANON),
                DispatcherHarness.order("acc-lost", "SER-L2", 1, Channel.CANON));
        harness.publish(s.topic(), orders);
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            // every answer is lost; the next round asks the provider by key and finds the charge and the parcel
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") == 2);
            assertThat(dispatcher.metrics().timer("dispatcher.payment.capture", "outcome", "UNKNOWN").count())
                    .isGreaterThanOrEqualTo(2);
        }
        assertExactlyOnce(s, orders);
    }

    @Test
    void timeoutsAreRetriedAndParkedThenFinishedExactlyOnceWhenTheProviderRecovers() {
        Scenario s = harness.scenario(Map.of(
                "DISPATCHER_SANDBOX_PAYMENT_FAULT", "TIMEOUT", "DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE", "1",
                "DISPATCHER_MAX_FAILURES", "3"));
        s.insertAccount("acc-to", "tok_visa");
        List<ReplenishmentOrder> orders = List.of(DispatcherHarness.order("acc-to", "SER-T1", 1, Channel.CANON));
        harness.publish(s.topic(), orders);
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config())) {
            await().atMost(WAIT).until(() -> s.count("SELECT count(*) FROM orders WHERE parked") == 1);
            assertThat(dispatcher.metrics().counter("dispatcher.orders.parked", "reason", "REPEATED_FAILURES").count()).isEqualTo(1.0);
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isZero();
        assertThat(s.state(orders.getFirst().orderId())).isEqualTo("PENDING");

        // a person un-parks the order once the provider works again
        s.exec("UPDATE orders SET parked = false, park_reason = NULL, failures = 0");
        try (OrderDispatcher dispatcher = OrderDispatcher.start(s.config(Map.of(
                "DISPATCHER_SANDBOX_PAYMENT_FAULT", "NONE", "DISPATCHER_INSTANCE_ID", "recovered")))) {
            await().atMost(WAIT).until(() -> "SHIPPED".equals(s.state(orders.getFirst().orderId())));
        }
        assertExactlyOnce(s, orders);
    }

    private static void assertExactlyOnce(Scenario s, List<ReplenishmentOrder> orders) {
        for (ReplenishmentOrder order : orders) {
            String id = order.orderId();
            assertThat(s.state(id)).as(id).isEqualTo("SHIPPED");
            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger WHERE outcome = 'CAPTURED' AND reference = '"
                    + id + "'")).as("charges of %s", id).isEqualTo(1);
            assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger WHERE reference = '" + id + "'"))
                    .as("shipments of %s", id).isEqualTo(1);
            assertThat(s.count("SELECT count(*) FROM order_events WHERE to_state = 'CHARGED' AND order_id = '" + id + "'"))
                    .isEqualTo(1);
            assertThat(s.count("SELECT count(*) FROM order_events WHERE to_state = 'SHIPPED' AND order_id = '" + id + "'"))
                    .isEqualTo(1);
            assertThat(s.count("SELECT count(*) FROM notifications WHERE kind = 'SHIPMENT' AND order_id = '" + id + "'"))
                    .isEqualTo(1);
            assertThat(s.text("SELECT tracking_number FROM orders WHERE order_id = '" + id + "'")).isEqualTo(
                    s.text("SELECT tracking_number FROM sandbox_carrier_ledger WHERE reference = '" + id + "'"));
        }
        assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isEqualTo(orders.size());
        assertThat(s.count("SELECT count(*) FROM orders")).isEqualTo(orders.size());
        assertThat(s.count("SELECT sum(reserved) FROM inventory")).isZero();
    }
}
