package io.inkflow.simulator.oracle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares expected with actual orders, keyed by (serial, slot, depletion cycle), and checks the order
 * groups. Pure; the API access lives in {@link OrderVerifier}.
 */
public final class OrderComparison {
    private OrderComparison() {
    }

    /** As {@link #compare(Collection, Collection, Set, OracleSettings)} for a thresholds-only expectation. */
    public static VerificationResult compare(Collection<ExpectedOrder> expected, Collection<ActualOrder> actual,
                                             Set<String> fleet) {
        return compare(expected, actual, fleet, OracleSettings.thresholdsOnly());
    }

    /**
     * @param expected what the fleet should have produced
     * @param actual   what the system holds; orders of serials outside {@code fleet} are ignored
     * @param fleet    the serials the expectation covers
     * @param oracle   the settings the expectation was computed with: when they model the streams, every
     *                 matched order must be in its expected group and nothing ahead of the expectation is
     *                 tolerated; otherwise forecast and consolidated orders for a slot's next cycle are
     *                 listed as early and groups are only checked for completeness
     */
    public static VerificationResult compare(Collection<ExpectedOrder> expected, Collection<ActualOrder> actual,
                                             Set<String> fleet, OracleSettings oracle) {
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
        List<VerificationResult.GroupMismatch> groupMismatches = new ArrayList<>();

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
            ActualOrder one = found.getFirst();
            if (!one.orderId().equals(order.orderId())) {
                mismatches.add(new VerificationResult.IdMismatch(order.key(), order.orderId(), one.orderId()));
                continue;
            }
            if (oracle.modelsStreams() && !(Objects.equals(one.groupId(), order.groupId())
                    && Objects.equals(one.groupSize(), order.groupSize()))) {
                groupMismatches.add(new VerificationResult.GroupMismatch(order.key(), order.groupId(),
                        order.groupSize(), one.groupId(), one.groupSize()));
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
            if (orders.size() == 1 && aheadOfThresholds(orders.getFirst(), oracle) && key.depletionCycle() == next) {
                early.add(orders.getFirst());
            } else if (orders.size() > 1) {
                duplicates.add(new VerificationResult.Duplicate(key, orders.stream().map(ActualOrder::orderId).toList()));
                extra.addAll(orders);
            } else {
                extra.addAll(orders);
            }
        }
        return new VerificationResult(byKey.size(), matched, missing, extra, duplicates, mismatches, early, uncertain,
                groupMismatches, incompleteGroups(held));
    }

    /** An order a thresholds-only oracle cannot foresee: the streams ordered before the threshold. */
    private static boolean aheadOfThresholds(ActualOrder order, OracleSettings oracle) {
        return !oracle.modelsStreams() && (order.forecast() || order.consolidated());
    }

    /** Every group held must have as many orders as each of them says it has. */
    private static List<VerificationResult.IncompleteGroup> incompleteGroups(Map<OrderKey, List<ActualOrder>> held) {
        Map<String, Map<String, ActualOrder>> groups = new TreeMap<>();
        for (List<ActualOrder> orders : held.values()) {
            for (ActualOrder order : orders) {
                if (order.groupId() != null) {
                    groups.computeIfAbsent(order.groupId(), g -> new TreeMap<>()).put(order.orderId(), order);
                }
            }
        }
        List<VerificationResult.IncompleteGroup> incomplete = new ArrayList<>();
        groups.forEach((groupId, members) -> {
            Set<Integer> sizes = new TreeSet<>();
            members.values().forEach(o -> sizes.add(o.groupSize() == null ? 0 : o.groupSize()));
            int size = sizes.iterator().next();
            if (sizes.size() > 1 || size < 2 || size != members.size()) {
                incomplete.add(new VerificationResult.IncompleteGroup(groupId, List.copyOf(sizes),
                        members.values().stream().map(ActualOrder::key).sorted().toList()));
            }
        });
        return incomplete;
    }
}
