package io.inkflow.simulator.oracle;

import java.util.List;

/**
 * Expected orders compared with the orders the system holds.
 *
 * @param expected      how many orders were expected (certain and uncertain)
 * @param matched       expected orders found exactly once with the derived id
 * @param missing       certain expected orders the system does not hold
 * @param extra         orders no depletion explains
 * @param duplicates    keys (serial, slot, cycle) held more than once, with every order id held
 * @param idMismatches  orders at an expected key whose id is not the derived one
 * @param early         forecast orders for the next cycle of a slot whose cartridge had not reached
 *                      the threshold when the run ended: legitimate, listed for information
 * @param uncertain     uncertain expected orders (present or not, both fine)
 */
public record VerificationResult(int expected, int matched, List<ExpectedOrder> missing, List<ActualOrder> extra,
                                 List<Duplicate> duplicates, List<IdMismatch> idMismatches, List<ActualOrder> early,
                                 List<ExpectedOrder> uncertain) {
    public VerificationResult {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        duplicates = List.copyOf(duplicates);
        idMismatches = List.copyOf(idMismatches);
        early = List.copyOf(early);
        uncertain = List.copyOf(uncertain);
    }

    public boolean passed() {
        return missing.isEmpty() && extra.isEmpty() && duplicates.isEmpty() && idMismatches.isEmpty();
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

    /** Human readable, one problem per line, for the CLI. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(passed() ? "PASS" : "FAIL").append(": expected=").append(expected).append(" matched=").append(matched)
                .append(" missing=").append(missing.size()).append(" extra=").append(extra.size())
                .append(" duplicate=").append(duplicates.size()).append(" idMismatch=").append(idMismatches.size())
                .append(" early=").append(early.size()).append(" uncertain=").append(uncertain.size()).append('\n');
        missing.forEach(o -> out.append("  missing   ").append(o.key()).append(" orderId=").append(o.orderId())
                .append(" cartridge=").append(o.cartridgeId()).append('\n'));
        extra.forEach(o -> out.append("  extra     ").append(o.key()).append(" orderId=").append(o.orderId())
                .append(" trigger=").append(o.trigger()).append('\n'));
        duplicates.forEach(d -> out.append("  duplicate ").append(d.key()).append(" orderIds=").append(d.orderIds())
                .append('\n'));
        idMismatches.forEach(m -> out.append("  wrong id  ").append(m.key()).append(" expected=")
                .append(m.expectedOrderId()).append(" actual=").append(m.actualOrderId()).append('\n'));
        early.forEach(o -> out.append("  early     ").append(o.key()).append(" orderId=").append(o.orderId())
                .append(" (forecast, allowed)\n"));
        return out.toString();
    }
}
