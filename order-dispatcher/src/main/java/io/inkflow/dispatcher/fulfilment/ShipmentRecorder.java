package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.fulfilment.RemoteCalls.Answer;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.Answered;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ShipCall;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.persistence.InventoryStore.Delta;
import io.inkflow.dispatcher.persistence.Shipments.Created;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentOutcome;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last transaction of a batch: records the parcels the carrier created (SHIPPED, the reserved unit
 * leaves the stock, the shipment mail, one for a group's parcel, the lease goes back), or parks the orders whose address the carrier
 * refused and asks the customer to correct it.
 */
final class ShipmentRecorder {
    private final FulfilmentContext ctx;

    ShipmentRecorder(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    /** Returns the orders shipped now. */
    List<String> record(Connection c, List<Answered<ShipCall, ShipmentOutcome>> answers) throws SQLException {
        Instant now = ctx.clock().instant();
        Map<String, StoredOrder> locked = new HashMap<>();
        ctx.orders().lockLeased(c, answers.stream().map(a -> a.call().order().orderId()).toList(), ctx.owner())
                .forEach(o -> locked.put(o.orderId(), o));
        StageWrites writes = new StageWrites(ctx);
        List<Created> created = new ArrayList<>();
        List<StoredOrder> shipped = new ArrayList<>();
        Map<String, GroupParcel> parcels = new LinkedHashMap<>(); // one shipment mail per group parcel
        int shippedAlone = 0;
        for (Answered<ShipCall, ShipmentOutcome> answered : answers) {
            StoredOrder order = locked.get(answered.call().order().orderId());
            if (order == null || order.state() != OrderState.CHARGED) {
                continue; // recorded by another instance, or no longer ours
            }
            switch (answered.answer()) {
                case Answer.Known<ShipmentOutcome> known -> {
                    switch (known.value()) {
                        case ShipmentOutcome.Shipped parcel -> {
                            created.add(new Created(order.orderId(), parcel.trackingNumber(), parcel.carrier(),
                                    parcel.deliveryEstimate()));
                            writes.transition(order, new Transition.Ship(parcel.trackingNumber(), parcel.carrier(),
                                    parcel.deliveryEstimate()));
                            if (answered.call().items().size() > 1) {
                                parcels.computeIfAbsent(answered.call().shipment().idempotencyKey(),
                                        k -> new GroupParcel(answered.call().reference(), parcel)).orders().add(order);
                            } else {
                                shippedAlone++;
                                writes.mail(OrderMail.of(NotificationKind.SHIPMENT, "shipment:" + order.orderId(),
                                        order, Map.of("trackingNumber", parcel.trackingNumber(),
                                                "deliveryEstimate", parcel.deliveryEstimate().toString(),
                                                "amount", OrderMail.money(order.amountCents()))));
                            }
                            writes.done(order.orderId());
                            shipped.add(order);
                            ctx.metrics().countShipped();
                        }
                        case ShipmentOutcome.AddressRejected refused -> addressRefused(c, order, answered.call(),
                                refused, writes);
                    }
                }
                case Answer.Unknown<ShipmentOutcome> unknown ->
                        writes.fail(order.orderId(), "shipment outcome unknown: " + unknown.reason(), unknown.retryAfter());
                case Answer.Broken<ShipmentOutcome> broken ->
                        ChargeRecorder.parkBroken(order, "carrier", broken.error(), writes);
            }
        }
        parcels.forEach((key, parcel) -> writes.mail(OrderMail.ofGroup(NotificationKind.SHIPMENT, "shipment:" + key,
                parcel.groupId(), parcel.orders(), Map.of("trackingNumber", parcel.shipped().trackingNumber(),
                        "deliveryEstimate", parcel.shipped().deliveryEstimate().toString(),
                        "amount", OrderMail.money(parcel.orders().stream().mapToLong(StoredOrder::amountCents).sum())))));
        ctx.metrics().countParcels(shippedAlone + parcels.size());
        ctx.shipments().completeAll(c, created, now);
        writes.flush(c, now);
        // last: the stock rows stay locked only for the commit
        releaseReservedUnits(c, shipped, now);
        return shipped.stream().map(StoredOrder::orderId).toList();
    }

    /** A group's parcel as the carrier created it, and its orders shipped now. */
    private record GroupParcel(String groupId, ShipmentOutcome.Shipped shipped, List<StoredOrder> orders) {
        GroupParcel(String groupId, ShipmentOutcome.Shipped shipped) {
            this(groupId, shipped, new ArrayList<>());
        }
    }

    /** The units reserved for the shipped orders leave the warehouse (the SHIPPED update cleared their mark). */
    private void releaseReservedUnits(Connection c, List<StoredOrder> shipped, Instant now) throws SQLException {
        Map<String, Delta> consumed = new LinkedHashMap<>();
        for (StoredOrder order : shipped) {
            if (order.stockReserved()) {
                consumed.merge(order.sku(), new Delta(0, -1), (a, b) -> new Delta(0, a.reserved() - 1));
            }
        }
        ctx.inventory().lockOnHand(c, consumed.keySet());
        ctx.inventory().adjust(c, consumed, now);
    }

    /**
     * No parcel exists: the intent is forgotten so the next attempt uses the address current then, the order
     * waits for the customer, who is asked to correct the address (correcting it releases the order).
     */
    private void addressRefused(Connection c, StoredOrder order, ShipCall call, ShipmentOutcome.AddressRejected refused,
                                StageWrites writes) throws SQLException {
        ctx.metrics().recordShipmentAnswer(DispatcherMetrics.ShipmentOutcome.ADDRESS_REJECTED);
        ctx.shipments().deleteRefused(c, order.orderId());
        writes.park(order.orderId(), ParkReason.ADDRESS_INVALID, "carrier refused the address: " + refused.reason());
        writes.mail(OrderMail.of(NotificationKind.ADDRESS_REJECTED, "address-invalid:" + order.orderId() + ":"
                + Integer.toHexString(call.shipment().shipTo().hashCode()), order,
                Map.of("reason", refused.reason() == null ? "refused" : refused.reason())));
    }
}
