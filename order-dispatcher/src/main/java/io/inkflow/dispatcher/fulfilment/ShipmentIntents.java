package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.fulfilment.RemoteCalls.ShipCall;
import io.inkflow.dispatcher.persistence.AccountReader.AccountSnapshot;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.Shipments.Shipment;
import io.inkflow.dispatcher.persistence.StoredOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the shipment intents of orders about to ship (CHARGED ones found by a round, or just charged). */
final class ShipmentIntents {
    private ShipmentIntents() {
    }

    /**
     * For each order: the intent an earlier run left (its address is reused: the parcel may exist) or a new
     * intent to the address chosen now for the order's printer (the account's own when none was chosen); an
     * order whose account is gone fails for now.
     */
    static List<ShipCall> prepare(FulfilmentContext ctx, Connection c, List<StoredOrder> orders, StageWrites writes,
                                  Instant now) throws SQLException {
        if (orders.isEmpty()) {
            return List.of();
        }
        Map<String, Shipment> existing = ctx.shipments().findAll(c, orders.stream().map(StoredOrder::orderId).toList());
        Map<String, AccountSnapshot> accounts = ctx.accounts().forOrders(c, orders.stream()
                .filter(o -> !existing.containsKey(o.orderId())).map(StoredOrder::orderId).toList());
        List<ShipCall> calls = new ArrayList<>();
        List<Shipment> intents = new ArrayList<>();
        for (StoredOrder order : orders) {
            Shipment shipment = existing.get(order.orderId());
            if (shipment != null) {
                calls.add(new ShipCall(order, shipment, true));
                continue;
            }
            AccountSnapshot account = accounts.get(order.orderId());
            if (account == null) {
                writes.fail(order.orderId(), "no account with a shipping address: " + order.accountId());
                continue;
            }
            Shipment intent = Shipments.intent(order.orderId(), account.shipTo());
            intents.add(intent);
            calls.add(new ShipCall(order, intent, false));
        }
        ctx.shipments().insertIntents(c, intents, ctx.carrier().name(), now);
        return calls;
    }
}
