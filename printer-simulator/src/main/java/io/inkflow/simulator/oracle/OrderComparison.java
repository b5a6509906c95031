package io.inkflow.simulator.oracle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares expected with actual orders, keyed by (serial, slot, depletion cycle). Pure; the API
 * access lives in {@link OrderVerifier}.
 */
public final class OrderComparison {
    private OrderComparison() {
    }

    /**
     * @param expected what the fleet should have produced
     * @param actual   what the system holds; orders of serials outside {@code fleet} are ignored
     * @param fleet    the serials the expectation covers
     */
    public static VerificationResult compare(Collection<ExpectedOrder> expected, Collection<ActualOrder> actual,
                                             Set<String> fleet) {
        Map<OrderKey, ExpectedOrder> byKey = new TreeMap<>();
        Map<String, Integer> lastCycle = new HashMap<>();
        for (ExpectedOrder order : expected) {
            byKey.put(order.key(), order);
            lastCycle.merge(order.serial() + '/' + order.slot(), order.depletionCycle(), Math::max);
        }
        Map<OrderKey, List<ActualOrder>> held = new LinkedHashMap<>();
        for (ActualOrder order : actual) {
            if (fleet.contains(order.serial())) {
                held.computeIfAbsent(order.key(), k -> new ArrayList<>()).add(order);
            }
        }

        int matched = 0;
        List<ExpectedOrder> missing = new ArrayList<>();
        List<ExpectedOrder> uncertain = new ArrayList<>();
        List<ActualOrder> extra = new ArrayList<>();
        List<ActualOrder> early = new ArrayList<>();
        List<VerificationResult.Duplicate> duplicates = new ArrayList<>();
        List<VerificationResult.IdMismatch> mismatches = new ArrayList<>();

        for (ExpectedOrder order : byKey.values()) {
            List<ActualOrder> found = held.getOrDefault(order.key(), List.of());
            if (!order.certain()) {
                uncertain.add(order);
            }
            if (found.isEmpty()) {
                if (order.certain()) {
                    missing.add(order);
                }
                continue;
            }
            if (found.size() > 1) {
                duplicates.add(new VerificationResult.Duplicate(order.key(),
                        found.stream().map(ActualOrder::orderId).toList()));
                continue;
            }
            if (!found.getFirst().orderId().equals(order.orderId())) {
                mismatches.add(new VerificationResult.IdMismatch(order.key(), order.orderId(),
                        found.getFirst().orderId()));
                continue;
            }
            matched++;
        }
        for (Map.Entry<OrderKey, List<ActualOrder>> entry : held.entrySet()) {
            OrderKey key = entry.getKey();
            if (byKey.containsKey(key)) {
                continue;
            }
            List<ActualOrder> orders = entry.getValue();
            int next = lastCycle.getOrDefault(key.serial() + '/' + key.slot(), 0) + 1;
            if (orders.size() == 1 && orders.getFirst().forecast() && key.depletionCycle() == next) {
                early.add(orders.getFirst());
            } else if (orders.size() > 1) {
                duplicates.add(new VerificationResult.Duplicate(key, orders.stream().map(ActualOrder::orderId).toList()));
                extra.addAll(orders);
            } else {
                extra.addAll(orders);
            }
        }
        return new VerificationResult(byKey.size(), matched, missing, extra, duplicates, mismatches, early, uncertain);
    }
}
