package io.inkflow.stack.chaos;

import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Check (c): the sandbox payment provider's ledger holds exactly one capture per shipped order, for
 * the SKU's catalog price less the order's promotion, and no capture for any other order; the
 * sandbox carrier's ledger holds exactly one shipment per shipped order. The ledgers are the
 * providers' own records, written whatever the dispatcher learnt of the call (a lost response still
 * leaves a capture), so a double charge shows here even when the dispatcher never knew of it.
 */
public final class LedgerAudit {
    private LedgerAudit() {
    }

    public static CheckResult check(List<OrderRow> orders, List<LedgerEntry> payments, List<LedgerEntry> shipments,
                                    ModelCatalog catalog) {
        Map<String, List<LedgerEntry>> capturesByOrder = new HashMap<>();
        long declines = 0;
        for (LedgerEntry payment : payments) {
            if ("CAPTURED".equals(payment.outcome())) {
                capturesByOrder.computeIfAbsent(payment.reference(), r -> new ArrayList<>()).add(payment);
            } else {
                declines++;
            }
        }
        Map<String, Integer> shipmentsByOrder = new HashMap<>();
        shipments.forEach(s -> shipmentsByOrder.merge(s.reference(), 1, Integer::sum));

        List<String> problems = new ArrayList<>();
        long shipped = 0;
        long rightAmount = 0;
        long capturedCents = 0;
        Map<String, OrderRow> byId = new HashMap<>();
        for (OrderRow order : orders) {
            byId.put(order.orderId(), order);
            List<LedgerEntry> captures = capturesByOrder.getOrDefault(order.orderId(), List.of());
            int shipmentCount = shipmentsByOrder.getOrDefault(order.orderId(), 0);
            if (!"SHIPPED".equals(order.state())) {
                if (!captures.isEmpty()) {
                    problems.add(order.orderId() + " is " + order.state() + " but has " + captures.size() + " capture(s)");
                }
                if (shipmentCount > 0 && !"CHARGED".equals(order.state())) {
                    problems.add(order.orderId() + " is " + order.state() + " but has " + shipmentCount + " carrier shipment(s)");
                }
                continue;
            }
            shipped++;
            if (captures.size() != 1) {
                problems.add(order.orderId() + " shipped with " + captures.size() + " captures");
            }
            if (shipmentCount != 1) {
                problems.add(order.orderId() + " shipped with " + shipmentCount + " carrier shipments");
            }
            Optional<Long> expected = expectedAmount(order, catalog);
            if (expected.isEmpty()) {
                problems.add(order.orderId() + " has no catalog price for " + order.model() + "/" + order.slot());
                continue;
            }
            boolean allRight = !captures.isEmpty();
            for (LedgerEntry capture : captures) {
                capturedCents += capture.amountCents();
                if (capture.amountCents() != expected.get()) {
                    allRight = false;
                    problems.add(order.orderId() + " captured " + capture.amountCents() + " cents, expected " + expected.get());
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
        long strayCaptures = capturesByOrder.keySet().stream().filter(ref -> !byId.containsKey(ref)).count();
        if (strayCaptures > 0) {
            problems.add(strayCaptures + " capture reference(s) match no order");
        }
        long captures = capturesByOrder.values().stream().mapToLong(List::size).sum();
        String figures = String.format("shipped orders %,d; captures %,d (declines %,d), %,d shipped orders captured "
                        + "exactly once at the right amount; captured %,.2f in total; carrier shipments %,d",
                shipped, captures, declines, rightAmount, capturedCents / 100.0, shipments.size());
        return new CheckResult("(c) exactly one capture per shipped order, right amount", problems.isEmpty(),
                figures, problems);
    }

    /** The catalog price of the order's SKU less its promotion, rounded half up to the cent. */
    static Optional<Long> expectedAmount(OrderRow order, ModelCatalog catalog) {
        return catalog.find(order.model()).flatMap(model -> model.slot(order.slot())).map(CatalogSlot::priceCents)
                .map(price -> order.promotionPercent() == null ? price
                        : price - (price * order.promotionPercent() + 50) / 100);
    }
}
