package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.fulfilment.RemoteCalls.Answer;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.Answered;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ChargeCall;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ForwardCall;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ShipCall;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeOutcome;
import io.inkflow.dispatcher.persistence.PaymentAttempts.Completion;
import io.inkflow.dispatcher.persistence.PaymentAttempts.Status;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second transaction of a batch: records what the payment provider and the Amazon channel answered,
 * with the transitions, and writes the shipment intents of the orders just charged. An answer is only
 * recorded for an order still leased by this instance and still waiting for it (same state, same payment
 * attempt), so when two instances raced after an expired lease the second finds the work done.
 */
final class ChargeRecorder {
    private static final Logger log = LoggerFactory.getLogger(ChargeRecorder.class);

    private final FulfilmentContext ctx;

    ChargeRecorder(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    /** The shipments to request next, and the orders charged now. */
    record Recorded(List<ShipCall> shipments, List<String> charged) {
    }

    Recorded record(Connection c, List<Answered<ChargeCall, ChargeOutcome>> charges,
                    List<Answered<ForwardCall, String>> forwards) throws SQLException {
        Instant now = ctx.clock().instant();
        Map<String, StoredOrder> locked = new HashMap<>();
        List<String> ids = Stream.concat(charges.stream().map(a -> a.call().order().orderId()),
                forwards.stream().map(a -> a.call().order().orderId())).toList();
        ctx.orders().lockLeased(c, ids, ctx.owner()).forEach(o -> locked.put(o.orderId(), o));
        StageWrites writes = new StageWrites(ctx);
        List<Completion> completions = new ArrayList<>();
        List<StoredOrder> charged = new ArrayList<>();
        for (Answered<ChargeCall, ChargeOutcome> answered : charges) {
            ChargeCall call = answered.call();
            StoredOrder order = locked.get(call.order().orderId());
            if (order == null || order.state() != OrderState.PENDING
                    || order.paymentAttempt() != call.attempt().attempt()) {
                continue; // recorded by another instance, or no longer ours
            }
            switch (answered.answer()) {
                case Answer.Known<ChargeOutcome> known -> {
                    if (recordOutcome(order, call, known.value(), completions, writes)) {
                        charged.add(order);
                    }
                }
                case Answer.Unknown<ChargeOutcome> unknown ->
                        writes.fail(order.orderId(), "payment outcome unknown: " + unknown.reason(), unknown.retryAfter());
                case Answer.Broken<ChargeOutcome> broken -> parkBroken(order, "payment provider", broken.error(), writes);
            }
        }
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (Answered<ForwardCall, String> answered : forwards) {
            StoredOrder order = locked.get(answered.call().order().orderId());
            if (order == null || order.state() != OrderState.PENDING) {
                continue;
            }
            switch (answered.answer()) {
                case Answer.Known<String> known -> {
                    forwarded.put(order.orderId(), known.value());
                    writes.transition(order, new Transition.Forward(known.value()));
                    writes.done(order.orderId());
                }
                case Answer.Unknown<String> unknown ->
                        writes.fail(order.orderId(), "Amazon hand-off outcome unknown: " + unknown.reason(),
                                unknown.retryAfter());
                case Answer.Broken<String> broken -> parkBroken(order, "Amazon channel", broken.error(), writes);
            }
        }
        ctx.payments().completeAll(c, completions, now);
        ctx.shipments().completeAmazon(c, forwarded, now);
        List<ShipCall> shipments = ShipmentIntents.prepare(ctx, c, charged, writes, now);
        writes.flush(c, now);
        return new Recorded(shipments, charged.stream().map(StoredOrder::orderId).toList());
    }

    /** Returns true when the order is charged now. */
    private boolean recordOutcome(StoredOrder order, ChargeCall call, ChargeOutcome outcome,
                                  List<Completion> completions, StageWrites writes) {
        int attempt = call.attempt().attempt();
        switch (outcome) {
            case ChargeOutcome.Captured captured -> {
                completions.add(new Completion(order.orderId(), attempt, Status.CAPTURED, captured.chargeId(), null));
                // a group's capture is the sum of its lines; each order is charged its own line
                long amount = call.lines().isEmpty() ? captured.amountCents() : call.attempt().amountCents();
                writes.transition(order, new Transition.Charge(amount));
                return true;
            }
            case ChargeOutcome.Declined declined -> {
                completions.add(new Completion(order.orderId(), attempt, Status.DECLINED, declined.chargeId(),
                        declined.reason()));
                writes.transition(order, new Transition.DeclinePayment(declined.reason()));
                writes.mail(OrderMail.of(NotificationKind.PAYMENT_FAILED, "payment-failed:" + order.orderId() + ":"
                        + attempt, order, Map.of(
                        "reason", declined.reason() == null ? "declined" : declined.reason().replace('_', ' '),
                        "cancelAfter", OrderMail.humanDuration(ctx.paymentFailedCancelAfter()))));
                writes.done(order.orderId());
                return false;
            }
            case ChargeOutcome.RequiresAction action -> {
                // nothing is charged: the attempt stays REQUESTED, and once the customer confirmed, releasing
                // the order asks the provider by the same key and finds the payment
                writes.park(order.orderId(), ParkReason.AWAITING_CUSTOMER, "bank asks the customer to authenticate: "
                        + action.reason());
                writes.mail(OrderMail.of(NotificationKind.PAYMENT_ACTION_REQUIRED, "payment-action:" + order.orderId()
                        + ":" + attempt, order, Map.of()));
                return false;
            }
        }
    }

    /** An adapter failed in a way it should not: a bug. The order waits for a person; the log has the trace. */
    static void parkBroken(StoredOrder order, String adapter, RuntimeException error, StageWrites writes) {
        log.error("Calling the {} failed unexpectedly; the order is parked [orderId={}]", adapter, order.orderId(),
                error);
        writes.park(order.orderId(), ParkReason.INTERNAL, adapter + ": " + error);
    }
}
