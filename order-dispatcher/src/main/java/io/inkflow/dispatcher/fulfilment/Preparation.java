package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.fulfilment.RemoteCalls.ChargeCall;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ForwardCall;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ShipCall;
import io.inkflow.dispatcher.order.Pricing;
import io.inkflow.dispatcher.payment.PaymentProvider.Line;
import io.inkflow.dispatcher.persistence.AccountReader.AccountSnapshot;
import io.inkflow.dispatcher.persistence.PaymentAttempts.Attempt;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction after the claim: locks the leased orders and writes the intent of every remote call about
 * to be made (payment attempt, shipment, Amazon hand-off) with its idempotency key, so that after a crash
 * anywhere later the provider is asked by key before anything is called again. Amounts are the SKU's price
 * now less the promotion of the order's creation time; the shipping address and payment method are the
 * account's current ones. (The claim reserved the stock.) The orders of an order group in the batch make one
 * charge with a line each, under one key (see {@link PaymentAttempts#groupKey}).
 */
final class Preparation {
    private final FulfilmentContext ctx;

    Preparation(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    /** The calls to make next. */
    record Prepared(List<ChargeCall> charges, List<ForwardCall> forwards, List<ShipCall> shipments) {
        boolean isEmpty() {
            return charges.isEmpty() && forwards.isEmpty() && shipments.isEmpty();
        }
    }

    Prepared prepare(Connection c, List<String> orderIds) throws SQLException {
        Instant now = ctx.clock().instant();
        StageWrites writes = new StageWrites(ctx);
        List<StoredOrder> toCharge = new ArrayList<>();
        List<StoredOrder> toForward = new ArrayList<>();
        List<StoredOrder> toShip = new ArrayList<>();
        for (StoredOrder order : ctx.orders().lockLeased(c, orderIds, ctx.owner())) {
            if (order.parked()) {
                writes.done(order.orderId());
            } else if (order.state() == OrderState.PENDING) {
                (order.channel() == Channel.AMAZON ? toForward : toCharge).add(order);
            } else if (order.state() == OrderState.CHARGED) {
                toShip.add(order);
            } else {
                writes.done(order.orderId()); // moved on meanwhile (cancelled, say)
            }
        }
        Prepared prepared = new Prepared(charges(c, toCharge, writes, now), forwards(c, toForward, now),
                ShipmentIntents.prepare(ctx, c, toShip, writes, now));
        writes.flush(c, now);
        return prepared;
    }

    private List<ChargeCall> charges(Connection c, List<StoredOrder> orders, StageWrites writes, Instant now)
            throws SQLException {
        Map<String, Integer> attempts = new HashMap<>();
        orders.forEach(o -> attempts.put(o.orderId(), o.paymentAttempt()));
        Map<String, Attempt> existing = ctx.payments().findAll(c, attempts);
        Map<String, List<Line>> sharedLines = ctx.payments().linesByKey(c, existing.values().stream()
                .map(Attempt::idempotencyKey).filter(PaymentAttempts::isGroupKey).distinct().toList());
        List<ChargeCall> calls = new ArrayList<>();
        List<StoredOrder> stocked = new ArrayList<>();
        for (StoredOrder order : orders) {
            Attempt attempt = existing.get(order.orderId());
            if (attempt != null) {
                List<Line> lines = sharedLines.get(attempt.idempotencyKey());
                calls.add(lines == null ? new ChargeCall(order, attempt, true)
                        : new ChargeCall(order, attempt, true, order.groupId(), lines));
            } else if (order.stockReserved()) {
                stocked.add(order);
            } else {
                // the claim reserves a unit for every PENDING Canon order; without one, the next round does
                writes.fail(order.orderId(), "no unit reserved yet");
            }
        }
        // the address and card chosen for each order's printer, or the account's own
        Map<String, AccountSnapshot> accounts = ctx.accounts().forOrders(c,
                stocked.stream().map(StoredOrder::orderId).toList());
        Map<String, Long> prices = ctx.inventory().prices(c, stocked.stream().map(StoredOrder::sku).toList());
        List<Priced> priced = new ArrayList<>();
        for (StoredOrder order : stocked) {
            AccountSnapshot account = accounts.get(order.orderId());
            Long price = prices.get(order.sku());
            if (account == null) {
                writes.fail(order.orderId(), "no account with an address and a payment method: " + order.accountId());
            } else if (price == null) {
                writes.fail(order.orderId(), "no price for SKU " + order.sku());
            } else {
                priced.add(new Priced(order, Pricing.amountCents(price, order.promotionPercent()),
                        account.paymentToken()));
            }
        }
        List<Attempt> intents = new ArrayList<>();
        for (List<Priced> charge : Together.requests(priced, Priced::order, Priced::paymentToken)) {
            if (charge.size() == 1) {
                Priced one = charge.getFirst();
                Attempt intent = PaymentAttempts.intent(one.order().orderId(), one.order().paymentAttempt(),
                        one.amountCents(), one.paymentToken());
                intents.add(intent);
                calls.add(new ChargeCall(one.order(), intent, false));
                continue;
            }
            String groupId = charge.getFirst().order().groupId();
            Map<String, Integer> members = new HashMap<>();
            List<Line> lines = new ArrayList<>();
            for (Priced member : charge) {
                members.put(member.order().orderId(), member.order().paymentAttempt());
                lines.add(new Line(member.order().orderId(), member.order().sku(), member.amountCents()));
            }
            String key = PaymentAttempts.groupKey(groupId, members);
            for (Priced member : charge) {
                Attempt intent = PaymentAttempts.intent(member.order().orderId(), member.order().paymentAttempt(), key,
                        member.amountCents(), member.paymentToken());
                intents.add(intent);
                calls.add(new ChargeCall(member.order(), intent, false, groupId, lines));
            }
        }
        ctx.payments().insertIntents(c, intents, now);
        return calls;
    }

    /** An order about to be charged, at its amount, to its card. */
    private record Priced(StoredOrder order, long amountCents, String paymentToken) {
    }

    private List<ForwardCall> forwards(Connection c, List<StoredOrder> orders, Instant now) throws SQLException {
        Map<String, Boolean> existing = ctx.shipments().amazonForwards(c, orders.stream().map(StoredOrder::orderId)
                .toList());
        List<ForwardCall> calls = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (StoredOrder order : orders) {
            boolean resumed = existing.containsKey(order.orderId());
            calls.add(new ForwardCall(order, resumed));
            if (!resumed) {
                fresh.add(order.orderId());
            }
        }
        ctx.shipments().insertAmazonIntents(c, fresh, now);
        return calls;
    }
}
