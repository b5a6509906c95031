package io.inkflow.stack.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Check (d): every order reached a state nothing more happens to (and none is parked for a person). */
public final class FinalStateAudit {
    static final Set<String> FINAL = Set.of("SHIPPED", "FORWARDED", "CANCELLED");

    private FinalStateAudit() {
    }

    public static boolean settled(List<OrderRow> orders) {
        return orders.stream().allMatch(o -> FINAL.contains(o.state()) && !o.parked());
    }

    public static CheckResult check(List<OrderRow> orders) {
        Map<String, Long> byState = new TreeMap<>();
        orders.forEach(o -> byState.merge(o.state(), 1L, Long::sum));
        long parked = orders.stream().filter(OrderRow::parked).count();
        List<String> problems = orders.stream().filter(o -> !FINAL.contains(o.state()) || o.parked())
                .map(o -> o.orderId() + " is " + o.state() + (o.parked() ? " (parked)" : "")).sorted().toList();
        String figures = String.format("%,d orders by state %s; parked %,d; not final %,d",
                orders.size(), byState, parked, problems.size());
        return new CheckResult("(d) every order reached a final state", problems.isEmpty(), figures, problems);
    }
}
