package io.inkflow.stack.chaos;

import io.inkflow.simulator.oracle.VerificationResult;
import java.util.ArrayList;
import java.util.List;

/** Check (b): exactly the orders the simulator's oracle expects exist, none twice, none missing. */
public final class OrderAudit {
    private OrderAudit() {
    }

    public static CheckResult check(VerificationResult result, int heldOrders) {
        List<String> problems = new ArrayList<>();
        result.missing().forEach(o -> problems.add("missing " + o.key() + " (" + o.orderId() + ")"));
        result.duplicates().forEach(d -> problems.add("duplicate " + d.key() + " " + d.orderIds()));
        result.extra().forEach(o -> problems.add("unexpected " + o.key() + " " + o.orderId() + " " + o.trigger()));
        result.idMismatches().forEach(m -> problems.add("wrong id at " + m.key() + ": " + m.actualOrderId()
                + " instead of " + m.expectedOrderId()));
        result.groupMismatches().forEach(m -> problems.add("wrong group at " + m.key() + ": " + m.actualGroupId()
                + " instead of " + m.expectedGroupId()));
        result.incompleteGroups().forEach(g -> problems.add("incomplete group " + g.groupId() + ": sizes " + g.sizes()
                + ", held " + g.held()));
        String figures = String.format("expected %,d (uncertain %,d), held by the dispatcher %,d: matched %,d, "
                        + "missing %,d, duplicates %,d, unexpected %,d, wrong id %,d, wrong group %,d, incomplete groups"
                        + " %,d, early orders %,d",
                result.expected(), result.uncertain().size(), heldOrders, result.matched(), result.missing().size(),
                result.duplicates().size(), result.extra().size(), result.idMismatches().size(),
                result.groupMismatches().size(), result.incompleteGroups().size(), result.early().size());
        return new CheckResult("(b) exactly the expected orders, via the dispatcher API", result.passed(), figures,
                problems);
    }
}
