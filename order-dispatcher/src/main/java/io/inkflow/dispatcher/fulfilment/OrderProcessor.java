package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.order.Pricing;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeOutcome;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeRequest;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.persistence.AccountReader.AccountSnapshot;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.PaymentAttempts.Attempt;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.Shipments.Shipment;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.dispatcher.shipping.AmazonChannel.AmazonOrder;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentOutcome;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentRequest;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.OrderState;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one leased order forward, one durable step at a time: reserve stock, charge, ship (or hand to
 * Amazon). Every remote call is preceded by a committed intent row carrying the idempotency key and
 * followed by a transaction that records the answer with the state transition. After a crash anywhere,
 * the intent row says a call may have happened, and the provider is asked by key before anything is
 * called again: nothing is charged or shipped twice.
 */
public final class OrderProcessor {
    private static final Logger log = LoggerFactory.getLogger(OrderProcessor.class);
    private static final int MAX_STEPS = 8;

    private final FulfilmentContext ctx;

    public OrderProcessor(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    /** What a step leads to. */
    sealed interface Next {
        record Continue() implements Next {
        }

        record Done() implements Next {
        }

        /** @param notBefore the least wait before the next round (a provider's Retry-After); zero for none */
        record Retry(String reason, Duration notBefore) implements Next {
            Retry(String reason) {
                this(reason, Duration.ZERO);
            }
        }
    }

    /** An intent row and whether it was left by an earlier run (then the provider is asked first). */
    private record Prepared<T>(T intent, boolean resumed) {
    }

    private static final Next CONTINUE = new Next.Continue();
    private static final Next DONE = new Next.Done();

    /** Processes the order until it waits for something (stock, a customer, a retry) or is finished. */
    public void process(String orderId) {
        Next next = CONTINUE;
        for (int step = 0; step < MAX_STEPS && next instanceof Next.Continue; step++) {
            try {
                next = advance(orderId);
            } catch (RuntimeException e) {
                next = new Next.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        Instant now = ctx.clock().instant();
        switch (next) {
            case Next.Retry retry -> {
                Duration wait = retry.notBefore().compareTo(ctx.retryBackoff()) > 0 ? retry.notBefore()
                        : ctx.retryBackoff();
                boolean parked = ctx.tx().run(c -> ctx.orders().recordFailure(c, orderId, ctx.owner(), retry.reason(),
                        now.plus(wait), ctx.maxFailures(), now));
                if (parked) {
                    ctx.metrics().counter("dispatcher.orders.parked").increment();
                    log.error("Order parked after repeated failures, a person must look [orderId={}, reason={}]",
                            orderId, retry.reason());
                } else {
                    log.warn("Order step failed, will retry [orderId={}, reason={}]", orderId, retry.reason());
                }
            }
            default -> ctx.tx().runVoid(c -> ctx.orders().release(c, orderId, ctx.owner(), now));
        }
    }

    private Next advance(String orderId) {
        StoredOrder order = ctx.tx().run(c -> ctx.orders().find(c, orderId)).orElse(null);
        if (order == null || !ctx.owner().equals(order.leaseOwner())) {
            return DONE;
        }
        return switch (order.state()) {
            case PENDING -> order.channel() == Channel.AMAZON ? forward(order) : charge(order);
            case CHARGED -> ship(order);
            default -> DONE;
        };
    }

    // ---- reserve and charge ----

    /** What the first transaction of a PENDING order decided. */
    private sealed interface ChargePlan {
        record Call(Prepared<Attempt> attempt) implements ChargePlan {
        }

        record Stop(Next next) implements ChargePlan {
        }
    }

    /**
     * Reserves a unit (or backorders) and records the payment intent in ONE transaction, then calls the
     * provider, then records the outcome together with the shipment intent: three commits per order on
     * the happy path, each one a point a restart can resume from.
     */
    private Next charge(StoredOrder leased) {
        ChargePlan plan;
        try {
            plan = ctx.tx().run(c -> reserveAndPrepareCharge(c, leased.orderId()));
        } catch (MissingDataException e) {
            return new Next.Retry(e.getMessage());
        }
        if (plan instanceof ChargePlan.Stop stop) {
            return stop.next();
        }
        Prepared<Attempt> prepared = ((ChargePlan.Call) plan).attempt();
        Attempt attempt = prepared.intent();
        ctx.checkpoints().reached(Checkpoint.CHARGE_INTENT_STORED, leased.orderId());
        ChargeOutcome outcome;
        Timer.Sample sample = Timer.start();
        try {
            Optional<ChargeOutcome> earlier = prepared.resumed()
                    ? ctx.paymentProvider().lookup(attempt.idempotencyKey()) : Optional.empty();
            outcome = earlier.isPresent() ? earlier.get() : ctx.paymentProvider().charge(new ChargeRequest(
                    attempt.idempotencyKey(), leased.orderId(), attempt.paymentToken(), attempt.amountCents()));
        } catch (ProviderUnavailableException e) {
            sample.stop(ctx.metrics().timer("dispatcher.payment.capture", "outcome", "UNKNOWN"));
            return new Next.Retry("payment outcome unknown: " + e.getMessage(), e.retryAfter().orElse(Duration.ZERO));
        }
        sample.stop(ctx.metrics().timer("dispatcher.payment.capture", "outcome", switch (outcome) {
            case ChargeOutcome.Captured captured -> "CAPTURED";
            case ChargeOutcome.Declined declined -> "DECLINED";
            case ChargeOutcome.RequiresAction action -> "REQUIRES_ACTION";
        }));
        ctx.checkpoints().reached(Checkpoint.CHARGE_REQUESTED, leased.orderId());
        if (outcome instanceof ChargeOutcome.RequiresAction action) {
            // until the AWAITING_CUSTOMER state exists, the attempt stays REQUESTED and the order retries
            return new Next.Retry("payment needs the customer's authentication (SCA): " + action.reason());
        }
        Optional<Prepared<Shipment>> shipment = ctx.tx().run(c -> recordCharge(c, leased.orderId(), attempt, outcome));
        if (outcome instanceof ChargeOutcome.Declined) {
            return DONE;
        }
        ctx.checkpoints().reached(Checkpoint.CHARGE_RESPONSE_STORED, leased.orderId());
        return shipment.isPresent() ? callCarrier(leased, shipment.get()) : CONTINUE;
    }

    private ChargePlan reserveAndPrepareCharge(Connection c, String orderId) throws SQLException {
        StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
        if (order.state() != OrderState.PENDING) {
            return new ChargePlan.Stop(CONTINUE);
        }
        Instant now = ctx.clock().instant();
        if (!order.stockReserved()) {
            OptionalInt onHand = ctx.inventory().lockOnHand(c, order.sku());
            if (onHand.isEmpty() || onHand.getAsInt() == 0) {
                ctx.orders().transition(c, order, new Transition.Backorder(), now);
                ctx.notifications().enqueue(c, notification(NotificationKind.BACKORDER, "backorder:" + orderId, order,
                        Map.of()));
                ctx.metrics().counter("dispatcher.backorders", "sku", order.sku()).increment();
                return new ChargePlan.Stop(DONE);
            }
            ctx.inventory().reserve(c, order.sku(), 1, now);
            ctx.orders().setStockReserved(c, orderId, true, now);
        }
        Optional<Attempt> existing = ctx.payments().find(c, orderId, order.paymentAttempt());
        if (existing.isPresent()) {
            return new ChargePlan.Call(new Prepared<>(existing.get(), true));
        }
        AccountSnapshot account = ctx.accounts().forOrder(c, orderId)
                .orElseThrow(() -> new MissingDataException("no account " + order.accountId()));
        OptionalLong price = ctx.inventory().price(c, order.sku());
        if (price.isEmpty()) {
            throw new MissingDataException("no price for SKU " + order.sku());
        }
        long amount = Pricing.amountCents(price.getAsLong(), order.promotionPercent());
        return new ChargePlan.Call(new Prepared<>(ctx.payments().insertIntent(c, orderId, order.paymentAttempt(),
                amount, account.paymentToken(), now), false));
    }

    /** Records the provider's answer; after a capture also the shipment intent, when the account is there. */
    private Optional<Prepared<Shipment>> recordCharge(Connection c, String orderId, Attempt attempt,
                                                      ChargeOutcome outcome) throws SQLException {
        StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
        if (order.state() != OrderState.PENDING || order.paymentAttempt() != attempt.attempt()) {
            return Optional.empty(); // another instance recorded it first
        }
        Instant now = ctx.clock().instant();
        switch (outcome) {
            case ChargeOutcome.Captured captured -> {
                ctx.payments().complete(c, orderId, attempt.attempt(), PaymentAttempts.Status.CAPTURED,
                        captured.chargeId(), null, now);
                ctx.orders().transition(c, order, new Transition.Charge(captured.amountCents()), now);
                return prepareShipment(c, orderId).filter(p -> !p.resumed());
            }
            case ChargeOutcome.RequiresAction action -> throw new IllegalStateException("not recorded: " + action);
            case ChargeOutcome.Declined declined -> {
                ctx.payments().complete(c, orderId, attempt.attempt(), PaymentAttempts.Status.DECLINED,
                        declined.chargeId(), declined.reason(), now);
                ctx.orders().transition(c, order, new Transition.DeclinePayment(declined.reason()), now);
                ctx.notifications().enqueue(c, notification(NotificationKind.PAYMENT_FAILED,
                        "payment-failed:" + orderId + ":" + attempt.attempt(), order, Map.of(
                                "reason", declined.reason() == null ? "declined" : declined.reason().replace('_', ' '),
                                "cancelAfter", humanDuration())));
                return Optional.empty();
            }
        }
    }

    // ---- ship ----

    /** A CHARGED order found by a later round (after a crash, a retry or another instance's charge). */
    private Next ship(StoredOrder leased) {
        Optional<Prepared<Shipment>> prepared;
        try {
            prepared = ctx.tx().run(c -> {
                StoredOrder order = ctx.orders().lock(c, leased.orderId()).orElseThrow();
                if (order.state() != OrderState.CHARGED) {
                    return Optional.empty();
                }
                Optional<Prepared<Shipment>> shipment = prepareShipment(c, leased.orderId());
                if (shipment.isEmpty()) {
                    throw new MissingDataException("no account " + order.accountId());
                }
                return shipment;
            });
        } catch (MissingDataException e) {
            return new Next.Retry(e.getMessage());
        }
        return prepared.isPresent() ? callCarrier(leased, prepared.get()) : CONTINUE;
    }

    /** The shipment intent: the existing one (a crash left it) or a new one to the account's current address. */
    private Optional<Prepared<Shipment>> prepareShipment(Connection c, String orderId) throws SQLException {
        Optional<Shipment> existing = ctx.shipments().find(c, orderId);
        if (existing.isPresent()) {
            // reuse the address of the first request: the parcel may exist already
            return Optional.of(new Prepared<>(existing.get(), true));
        }
        StoredOrder order = ctx.orders().find(c, orderId).orElseThrow();
        Optional<AccountSnapshot> account = ctx.accounts().forOrder(c, orderId);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Prepared<>(ctx.shipments().insertIntent(c, orderId, account.get().shipTo(),
                ctx.carrier().name(), ctx.clock().instant()), false));
    }

    private Next callCarrier(StoredOrder leased, Prepared<Shipment> prepared) {
        Shipment shipment = prepared.intent();
        ShipmentOutcome outcome;
        try {
            Optional<ShipmentOutcome.Shipped> earlier = prepared.resumed()
                    ? ctx.carrier().lookup(shipment.idempotencyKey()) : Optional.empty();
            outcome = earlier.isPresent() ? earlier.get() : ctx.carrier().ship(new ShipmentRequest(
                    shipment.idempotencyKey(), leased.orderId(), leased.sku(), shipment.shipTo()));
        } catch (ProviderUnavailableException e) {
            ctx.metrics().counter("dispatcher.shipments", "outcome", "UNKNOWN").increment();
            return new Next.Retry("shipment outcome unknown: " + e.getMessage(), e.retryAfter().orElse(Duration.ZERO));
        }
        ctx.checkpoints().reached(Checkpoint.SHIPMENT_REQUESTED, leased.orderId());
        if (!(outcome instanceof ShipmentOutcome.Shipped confirmation)) {
            // until the ADDRESS_INVALID state exists, the order retries (the customer may correct the address)
            ctx.metrics().counter("dispatcher.shipments", "outcome", "ADDRESS_REJECTED").increment();
            return new Next.Retry("the carrier refused the address: " + ((ShipmentOutcome.AddressRejected) outcome)
                    .reason());
        }
        ctx.tx().runVoid(c -> recordShipment(c, leased.orderId(), confirmation));
        ctx.checkpoints().reached(Checkpoint.SHIPMENT_STORED, leased.orderId());
        return DONE;
    }

    private void recordShipment(Connection c, String orderId, ShipmentOutcome.Shipped confirmation)
            throws SQLException {
        StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
        if (order.state() != OrderState.CHARGED) {
            return; // another instance recorded it first
        }
        Instant now = ctx.clock().instant();
        ctx.shipments().complete(c, orderId, confirmation.trackingNumber(), confirmation.carrier(),
                confirmation.deliveryEstimate(), now);
        ctx.orders().transition(c, order, new Transition.Ship(confirmation.trackingNumber(),
                confirmation.deliveryEstimate()), now);
        if (order.stockReserved()) {
            ctx.inventory().consumeReserved(c, order.sku(), now);
            ctx.orders().setStockReserved(c, orderId, false, now);
        }
        // the lease goes with the last step, sparing a commit
        ctx.orders().release(c, orderId, ctx.owner(), now);
        ctx.notifications().enqueue(c, notification(NotificationKind.SHIPMENT, "shipment:" + orderId, order, Map.of(
                "trackingNumber", confirmation.trackingNumber(),
                "deliveryEstimate", confirmation.deliveryEstimate().toString(),
                "amount", money(order.amountCents()))));
        ctx.metrics().counter("dispatcher.shipments", "outcome", "SHIPPED").increment();
    }

    // ---- Amazon ----

    private Next forward(StoredOrder leased) {
        String orderId = leased.orderId();
        Optional<Boolean> resumed = ctx.tx().run(c -> {
            StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
            if (order.state() != OrderState.PENDING) {
                return Optional.empty();
            }
            if (ctx.shipments().amazonForwardAccepted(c, orderId).isPresent()) {
                return Optional.of(true);
            }
            ctx.shipments().insertAmazonIntent(c, orderId, ctx.clock().instant());
            return Optional.of(false);
        });
        if (resumed.isEmpty()) {
            return CONTINUE;
        }
        String key = Shipments.amazonKey(orderId);
        String reference;
        try {
            Optional<String> earlier = resumed.get() ? ctx.amazon().lookup(key) : Optional.empty();
            reference = earlier.isPresent() ? earlier.get() : ctx.amazon().forward(new AmazonOrder(key, orderId,
                    leased.accountId(), leased.serial(), leased.sku()));
        } catch (ProviderUnavailableException e) {
            return new Next.Retry("Amazon hand-off outcome unknown: " + e.getMessage());
        }
        ctx.checkpoints().reached(Checkpoint.FORWARD_REQUESTED, orderId);
        ctx.tx().runVoid(c -> {
            StoredOrder order = ctx.orders().lock(c, orderId).orElseThrow();
            if (order.state() == OrderState.PENDING) {
                Instant now = ctx.clock().instant();
                ctx.shipments().completeAmazon(c, orderId, reference, now);
                ctx.orders().transition(c, order, new Transition.Forward(reference), now);
            }
        });
        return DONE;
    }

    // ---- helpers ----

    static NotificationOutbox.Request notification(NotificationKind kind, String dedupeKey, StoredOrder order,
                                                   Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("orderId", order.orderId());
        values.put("serial", order.serial());
        values.put("model", order.model());
        values.put("sku", order.sku());
        values.put("slot", order.slot());
        values.put("colour", order.colour() == null ? order.slot() : order.colour());
        return new NotificationOutbox.Request(kind, dedupeKey, order.accountId(), order.orderId(), values);
    }

    static String money(Long cents) {
        return cents == null ? "-" : String.format(Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
    }

    private String humanDuration() {
        long hours = ctx.paymentFailedCancelAfter().toHours();
        return hours % 24 == 0 ? hours / 24 + " days" : hours + " hours";
    }

    /** Data the step needs is missing (an account, a price): retry later, park if it stays missing. */
    static final class MissingDataException extends RuntimeException {
        MissingDataException(String message) {
            super(message);
        }
    }
}
