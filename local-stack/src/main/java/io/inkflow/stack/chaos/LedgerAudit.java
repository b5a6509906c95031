package io.inkflow.stack.chaos;

import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Check (c): the sandbox payment provider's ledger holds exactly one capture covering each shipped order, in
 * which the order's part is the SKU's catalog price less the order's promotion, and no capture covering any
 * other order; the sandbox carrier's ledger holds exactly one parcel covering each shipped order. A capture or
 * parcel covers one order, or every order of an order group (the ledgers' {@code order_ids}); a capture's
 * lines add up to its amount. The ledgers are the providers' own records, written whatever the dispatcher
 * learnt of the call (a lost response still leaves a capture), so a double charge shows here even when the
 * dispatcher never knew of it.
 */
public final class LedgerAudit {
    private LedgerAudit() {
    }

    public static CheckResult check(List<OrderRow> orders, List<LedgerEntry> payments, List<LedgerEntry> shipments,
                                    ModelCatalog catalog) {
        List<String> problems = new ArrayList<>();
        // each order's part of every capture covering it
        Map<String, List<Long>> capturedByOrder = new HashMap<>();
        long captures = 0;
        long declines = 0;
        for (LedgerEntry payment : payments) {
            if (!"CAPTURED".equals(payment.outcome())) {
                declines++;
                continue;
            }
            captures++;
            if (payment.lines().isEmpty()) {
                problems.add("capture " + payment.reference() + " covers no order");
            } else if (payment.linesCents() != payment.amountCents()) {
                problems.add("capture " + payment.reference() + " of " + payment.lines().size() + " order(s) captured "
                        + payment.amountCents() + " cents but its lines add up to " + payment.linesCents());
            }
            payment.lines().forEach(line -> capturedByOrder.computeIfAbsent(line.orderId(), o -> new ArrayList<>())
                    .add(line.amountCents()));
        }
        Map<String, Integer> parcelsByOrder = new HashMap<>();
        long parcelItems = 0;
        int largestParcel = 0;
        for (LedgerEntry parcel : shipments) {
            if (parcel.lines().isEmpty()) {
                problems.add("parcel " + parcel.reference() + " holds no order");
            }
            parcelItems += parcel.lines().size();
            largestParcel = Math.max(largestParcel, parcel.lines().size());
            parcel.lines().forEach(line -> parcelsByOrder.merge(line.orderId(), 1, Integer::sum));
        }

        long shipped = 0;
        long rightAmount = 0;
        long capturedCents = 0;
        Set<String> ids = new HashSet<>();
        for (OrderRow order : orders) {
            ids.add(order.orderId());
            List<Long> parts = capturedByOrder.getOrDefault(order.orderId(), List.of());
            int parcelCount = parcelsByOrder.getOrDefault(order.orderId(), 0);
            if (!"SHIPPED".equals(order.state())) {
                if (!parts.isEmpty()) {
                    problems.add(order.orderId() + " is " + order.state() + " but has " + parts.size() + " capture(s)");
                }
                if (parcelCount > 0 && !"CHARGED".equals(order.state())) {
                    problems.add(order.orderId() + " is " + order.state() + " but is in " + parcelCount
                            + " carrier parcel(s)");
                }
                continue;
            }
            shipped++;
            if (parts.size() != 1) {
                problems.add(order.orderId() + " shipped with " + parts.size() + " captures");
            }
            if (parcelCount != 1) {
                problems.add(order.orderId() + " shipped in " + parcelCount + " carrier parcels");
            }
            Optional<Long> expected = expectedAmount(order, catalog);
            if (expected.isEmpty()) {
                problems.add(order.orderId() + " has no catalog price for " + order.model() + "/" + order.slot());
                continue;
            }
            boolean allRight = !parts.isEmpty();
            for (long part : parts) {
                capturedCents += part;
                if (part != expected.get()) {
                    allRight = false;
                    problems.add(order.orderId() + " captured " + part + " cents, expected " + expected.get());
                }
            }
            if (order.amountCents() == null || order.amountCents().longValue() != expected.get()) {
                allRight = false;
                problems.add(order.orderId() + " records amount " + order.amountCents() + " cents, expected " + expected.get());
            }
            if (allRight) {
                rightAmount++;
            }
        }
        long strayCaptured = capturedByOrder.keySet().stream().filter(id -> !ids.contains(id)).count();
        if (strayCaptured > 0) {
            problems.add(strayCaptured + " captured order id(s) match no order");
        }
        long strayParcelled = parcelsByOrder.keySet().stream().filter(id -> !ids.contains(id)).count();
        if (strayParcelled > 0) {
            problems.add(strayParcelled + " parcelled order id(s) match no order");
        }
        String figures = String.format("shipped orders %,d; captures %,d (declines %,d), %,d shipped orders captured "
                        + "exactly once at the right amount; captured %,.2f in total; carrier parcels %,d, "
                        + "%.2f orders per parcel (at most %d)",
                shipped, captures, declines, rightAmount, capturedCents / 100.0, shipments.size(),
                shipments.isEmpty() ? 0.0 : (double) parcelItems / shipments.size(), largestParcel);
        return new CheckResult("(c) exactly one capture and one parcel per shipped order, right amount",
                problems.isEmpty(), figures, problems);
    }

    /** The catalog price of the order's SKU less its promotion, rounded half up to the cent. */
    static Optional<Long> expectedAmount(OrderRow order, ModelCatalog catalog) {
        return catalog.find(order.model()).flatMap(model -> model.slot(order.slot())).map(CatalogSlot::priceCents)
                .map(price -> order.promotionPercent() == null ? price
                        : price - (price * order.promotionPercent() + 50) / 100);
    }
}
