package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.fulfilment.RemoteCalls.ShipCall;
import io.inkflow.dispatcher.persistence.AccountReader.AccountSnapshot;
import io.inkflow.dispatcher.persistence.Shipments.Shipment;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.dispatcher.shipping.Address;
import io.inkflow.dispatcher.shipping.Carrier.Item;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the shipment intents of orders about to ship (CHARGED ones found by a round, or just charged). The
 * orders of an order group in the batch, going to one address, make one parcel under one key (see
 * {@link Shipments#groupKey}).
 */
final class ShipmentIntents {
    private ShipmentIntents() {
    }

    /** An order about to ship, to its address. */
    private record Addressed(StoredOrder order, Address shipTo) {
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
        Map<String, List<Item>> sharedItems = ctx.shipments().itemsByKey(c, existing.values().stream()
                .map(Shipment::idempotencyKey).filter(Shipments::isGroupKey).distinct().toList());
        Map<String, AccountSnapshot> accounts = ctx.accounts().forOrders(c, orders.stream()
                .filter(o -> !existing.containsKey(o.orderId())).map(StoredOrder::orderId).toList());
        List<ShipCall> calls = new ArrayList<>();
        List<Addressed> fresh = new ArrayList<>();
        for (StoredOrder order : orders) {
            Shipment shipment = existing.get(order.orderId());
            if (shipment != null) {
                List<Item> items = sharedItems.get(shipment.idempotencyKey());
                calls.add(items == null ? new ShipCall(order, shipment, true)
                        : new ShipCall(order, shipment, true, order.groupId(), items));
                continue;
            }
            AccountSnapshot account = accounts.get(order.orderId());
            if (account == null) {
                writes.fail(order.orderId(), "no account with a shipping address: " + order.accountId());
                continue;
            }
            fresh.add(new Addressed(order, account.shipTo()));
        }
        List<Shipment> intents = new ArrayList<>();
        for (List<Addressed> parcel : Together.requests(fresh, Addressed::order, Addressed::shipTo)) {
            if (parcel.size() == 1) {
                Addressed one = parcel.getFirst();
                Shipment intent = Shipments.intent(one.order().orderId(), one.shipTo());
                intents.add(intent);
                calls.add(new ShipCall(one.order(), intent, false));
                continue;
            }
            String groupId = parcel.getFirst().order().groupId();
            List<Item> items = parcel.stream().map(a -> new Item(a.order().orderId(), a.order().sku())).toList();
            String key = Shipments.groupKey(groupId, items.stream().map(Item::orderId).toList());
            for (Addressed member : parcel) {
                Shipment intent = Shipments.intent(member.order().orderId(), key, member.shipTo());
                intents.add(intent);
                calls.add(new ShipCall(member.order(), intent, false, groupId, items));
            }
        }
        ctx.shipments().insertIntents(c, intents, ctx.carrier().name(), now);
        return calls;
    }
}
