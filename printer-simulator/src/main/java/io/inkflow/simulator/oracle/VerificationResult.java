package io.inkflow.simulator.oracle;

import java.util.List;
import java.util.Locale;

/**
 * Expected orders compared with the orders the system holds.
 *
 * @param expected         how many orders were expected (certain and uncertain)
 * @param matched          expected orders found exactly once with the derived id (and, when the oracle
 *                         models the streams, in the expected group)
 * @param missing          certain expected orders the system does not hold
 * @param extra            orders no depletion explains
 * @param duplicates       keys (serial, slot, cycle) held more than once, with every order id held
 * @param idMismatches     orders at an expected key whose id is not the derived one
 * @param early            forecast or consolidated orders for the next cycle of a slot whose cartridge had
 *                         not reached the threshold when the run ended, when the oracle does not model the
 *                         streams forecast: legitimate, listed for information
 * @param uncertain        uncertain expected orders (present or not, both fine)
 * @param groupMismatches  orders held at an expected key with the right id but not in the expected group
 *                         (checked only when the oracle models the streams)
 * @param incompleteGroups groups held whose orders disagree on the group size or are not as many as it says
 */
public record VerificationResult(int expected, int matched, List<ExpectedOrder> missing, List<ActualOrder> extra,
                                 List<Duplicate> duplicates, List<IdMismatch> idMismatches, List<ActualOrder> early,
                                 List<ExpectedOrder> uncertain, List<GroupMismatch> groupMismatches,
                                 List<IncompleteGroup> incompleteGroups) {
    public VerificationResult {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        duplicates = List.copyOf(duplicates);
        idMismatches = List.copyOf(idMismatches);
        early = List.copyOf(early);
        uncertain = List.copyOf(uncertain);
        // Reports written before groups existed have neither list.
        groupMismatches = groupMismatches == null ? List.of() : List.copyOf(groupMismatches);
        incompleteGroups = incompleteGroups == null ? List.of() : List.copyOf(incompleteGroups);
    }

    public boolean passed() {
        return missing.isEmpty() && extra.isEmpty() && duplicates.isEmpty() && idMismatches.isEmpty()
                && groupMismatches.isEmpty() && incompleteGroups.isEmpty();
    }

    /** One key held more than once. */
    public record Duplicate(OrderKey key, List<String> orderIds) {
        public Duplicate {
            orderIds = List.copyOf(orderIds);
        }
    }

    /** An order at an expected key with another id than {@code OrderIds.derive} gives. */
    public record IdMismatch(OrderKey key, String expectedOrderId, String actualOrderId) {
    }

    /** An order at an expected key in another group (or none, or of another size) than expected. */
    public record GroupMismatch(OrderKey key, String expectedGroupId, Integer expectedGroupSize, String actualGroupId,
                                Integer actualGroupSize) {
    }

    /**
     * A group held whose orders do not add up.
     *
     * @param sizes the group sizes its orders carry (more than one when they disagree; 0 for none)
     * @param held  the orders that carry its id
     */
    public record IncompleteGroup(String groupId, List<Integer> sizes, List<OrderKey> held) {
        public IncompleteGroup {
            sizes = List.copyOf(sizes);
            held = List.copyOf(held);
        }
    }

    /** Human readable, one problem per line, for the CLI. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(passed() ? "PASS" : "FAIL").append(": expected=").append(expected).append(" matched=").append(matched)
                .append(" missing=").append(missing.size()).append(" extra=").append(extra.size())
                .append(" duplicate=").append(duplicates.size()).append(" idMismatch=").append(idMismatches.size())
                .append(" groupMismatch=").append(groupMismatches.size())
                .append(" incompleteGroup=").append(incompleteGroups.size())
                .append(" early=").append(early.size()).append(" uncertain=").append(uncertain.size()).append('\n');
        missing.forEach(o -> out.append("  missing   ").append(o.key()).append(" orderId=").append(o.orderId())
                .append(" cartridge=").append(o.cartridgeId()).append(" trigger=").append(o.trigger())
                .append(" report=").append(o.bootEpoch()).append('/').append(o.sequence())
                .append(o.groupId() == null ? "" : " group=" + group(o.groupId(), o.groupSize())).append('\n'));
        extra.forEach(o -> out.append("  extra     ").append(o.key()).append(" orderId=").append(o.orderId())
                .append(" trigger=").append(o.trigger()).append('\n'));
        duplicates.forEach(d -> out.append("  duplicate ").append(d.key()).append(" orderIds=").append(d.orderIds())
                .append('\n'));
        idMismatches.forEach(m -> out.append("  wrong id  ").append(m.key()).append(" expected=")
                .append(m.expectedOrderId()).append(" actual=").append(m.actualOrderId()).append('\n'));
        groupMismatches.forEach(m -> out.append("  group     ").append(m.key()).append(" expected=")
                .append(group(m.expectedGroupId(), m.expectedGroupSize())).append(" actual=")
                .append(group(m.actualGroupId(), m.actualGroupSize())).append('\n'));
        incompleteGroups.forEach(g -> out.append("  incomplete group ").append(g.groupId()).append(" size=")
                .append(g.sizes().size() == 1 ? g.sizes().getFirst() : g.sizes()).append(" held=")
                .append(g.held().size()).append(' ').append(g.held()).append('\n'));
        early.forEach(o -> out.append("  early     ").append(o.key()).append(" orderId=").append(o.orderId())
                .append(" (").append(o.trigger().toLowerCase(Locale.ROOT)).append(", allowed)\n"));
        return out.toString();
    }

    private static String group(String id, Integer size) {
        return id == null ? "none" : id + " of " + size;
    }
}
