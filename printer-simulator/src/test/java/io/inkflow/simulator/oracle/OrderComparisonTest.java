package io.inkflow.simulator.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderIds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderComparisonTest {
    private static final Set<String> FLEET = Set.of("S1", "S2");

    private static ExpectedOrder expected(String serial, String slot, int cycle) {
        return ExpectedOrder.threshold(serial, slot, "SKU", cycle, "enr-" + serial,
                OrderIds.derive("enr-" + serial, serial, slot, cycle), "c", 0, cycle);
    }

    private static ActualOrder actual(ExpectedOrder e) {
        return new ActualOrder(e.orderId(), e.serial(), e.slot(), e.depletionCycle(), "THRESHOLD", "SHIPPED");
    }

    @Test
    void passesWhenEveryExpectedOrderIsHeldExactlyOnce() {
        ExpectedOrder a = expected("S1", "K", 1);
        ExpectedOrder b = expected("S1", "K", 2);
        ExpectedOrder c = expected("S2", "C", 1);
        VerificationResult result = OrderComparison.compare(List.of(a, b, c), List.of(actual(c), actual(a), actual(b)),
                FLEET);
        assertThat(result.passed()).isTrue();
        assertThat(result.matched()).isEqualTo(3);
    }

    @Test
    void reportsMissingExtraDuplicateAndWrongIds() {
        ExpectedOrder a = expected("S1", "K", 1);
        ExpectedOrder b = expected("S1", "K", 2);
        ExpectedOrder c = expected("S2", "C", 1);
        ActualOrder extra = new ActualOrder("x", "S2", "M", 1, "THRESHOLD", "PENDING");
        ActualOrder wrongId = new ActualOrder("not-derived", "S2", "C", 1, "THRESHOLD", "PENDING");
        ActualOrder otherFleet = new ActualOrder("y", "S9", "K", 1, "THRESHOLD", "PENDING");
        VerificationResult result = OrderComparison.compare(List.of(a, b, c),
                List.of(actual(a), actual(a), extra, wrongId, otherFleet), FLEET);
        assertThat(result.passed()).isFalse();
        assertThat(result.missing()).containsExactly(b);
        assertThat(result.duplicates()).singleElement()
                .satisfies(d -> assertThat(d.key()).isEqualTo(new OrderKey("S1", "K", 1)));
        assertThat(result.extra()).containsExactly(extra);
        assertThat(result.idMismatches()).singleElement()
                .satisfies(m -> assertThat(m.actualOrderId()).isEqualTo("not-derived"));
        assertThat(result.describe()).contains("missing   S1/K#2", "extra     S2/M#1", "duplicate S1/K#1");
        // a missing order names what should have made it, so a failure can be traced back to that report
        assertThat(result.describe()).contains("missing   S1/K#2 orderId=" + b.orderId()
                + " cartridge=c trigger=THRESHOLD report=0/2\n");
    }

    @Test
    void anUncertainOrderMayOrMayNotExist() {
        ExpectedOrder uncertain = expected("S1", "K", 1).uncertain();
        assertThat(OrderComparison.compare(List.of(uncertain), List.of(), FLEET).passed()).isTrue();
        assertThat(OrderComparison.compare(List.of(uncertain), List.of(actual(uncertain)), FLEET).passed()).isTrue();
    }

    @Test
    void aForecastOrderForTheNextCycleIsAllowedButAThresholdOneIsNot() {
        ExpectedOrder a = expected("S1", "K", 1);
        ExpectedOrder next = expected("S1", "K", 2);
        ActualOrder forecast = new ActualOrder(next.orderId(), "S1", "K", 2, "FORECAST", "PENDING");
        VerificationResult allowed = OrderComparison.compare(List.of(a), List.of(actual(a), forecast), FLEET);
        assertThat(allowed.passed()).isTrue();
        assertThat(allowed.early()).containsExactly(forecast);
        VerificationResult notAllowed = OrderComparison.compare(List.of(a), List.of(actual(a), actual(next)), FLEET);
        assertThat(notAllowed.extra()).hasSize(1);
        ActualOrder farForecast = new ActualOrder("z", "S1", "K", 3, "FORECAST", "PENDING");
        assertThat(OrderComparison.compare(List.of(a), List.of(actual(a), farForecast), FLEET).passed()).isFalse();
    }

    private static final OracleSettings MODELLED = OracleSettings.streams(7, 2, 9, true);

    private static ActualOrder actual(ExpectedOrder e, String trigger, String groupId, Integer groupSize) {
        return new ActualOrder(e.orderId(), e.serial(), e.slot(), e.depletionCycle(), trigger, "PENDING", groupId,
                groupSize);
    }

    /** K due, C consolidated with it: group G of 2. */
    private static List<ExpectedOrder> group() {
        String g = OrderIds.group("enr-S1", "S1", "K", 1);
        return List.of(expected("S1", "K", 1).inGroup(g, 2), expected("S1", "C", 1).inGroup(g, 2));
    }

    @Test
    void passesWhenEveryOrderIsInItsExpectedGroup() {
        List<ExpectedOrder> expected = group();
        ExpectedOrder k = expected.get(0);
        ExpectedOrder c = expected.get(1);
        VerificationResult result = OrderComparison.compare(expected,
                List.of(actual(k, "THRESHOLD", k.groupId(), 2), actual(c, "CONSOLIDATED", k.groupId(), 2)), FLEET,
                MODELLED);
        assertThat(result.passed()).as(result.describe()).isTrue();
        assertThat(result.matched()).isEqualTo(2);
    }

    @Test
    void aMissingGroupMemberIsReportedAsMissingAndTheGroupAsIncomplete() {
        List<ExpectedOrder> expected = group();
        ExpectedOrder k = expected.get(0);
        VerificationResult result = OrderComparison.compare(expected, List.of(actual(k, "THRESHOLD", k.groupId(), 2)),
                FLEET, MODELLED);
        assertThat(result.passed()).isFalse();
        assertThat(result.missing()).containsExactly(expected.get(1));
        assertThat(result.incompleteGroups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo(k.groupId());
            assertThat(g.sizes()).containsExactly(2);
            assertThat(g.held()).containsExactly(k.key());
        });
        assertThat(result.describe()).contains("incompleteGroup=1", "incomplete group " + k.groupId() + " size=2 held=1");
    }

    @Test
    void aWrongGroupIdIsReported() {
        List<ExpectedOrder> expected = group();
        ExpectedOrder k = expected.get(0);
        ExpectedOrder c = expected.get(1);
        String other = OrderIds.group("enr-S1", "S1", "C", 1);
        VerificationResult result = OrderComparison.compare(expected,
                List.of(actual(k, "THRESHOLD", k.groupId(), 2), actual(c, "CONSOLIDATED", other, 2)), FLEET, MODELLED);
        assertThat(result.passed()).isFalse();
        assertThat(result.matched()).isEqualTo(1);
        assertThat(result.groupMismatches()).singleElement().satisfies(m -> {
            assertThat(m.key()).isEqualTo(c.key());
            assertThat(m.expectedGroupId()).isEqualTo(k.groupId());
            assertThat(m.actualGroupId()).isEqualTo(other);
        });
        // Each of the two groups held now has one order of two.
        assertThat(result.incompleteGroups()).hasSize(2);
        assertThat(result.describe()).contains("group     S1/C#1 expected=" + k.groupId() + " of 2 actual=" + other);
    }

    @Test
    void anOrderGroupedWhereTheOracleExpectsItAloneIsAMismatch() {
        ExpectedOrder a = expected("S1", "K", 1);
        ExpectedOrder b = expected("S1", "C", 1);
        String g = OrderIds.group("enr-S1", "S1", "C", 1);
        VerificationResult result = OrderComparison.compare(List.of(a, b),
                List.of(actual(a, "THRESHOLD", g, 2), actual(b, "THRESHOLD", g, 2)), FLEET,
                OracleSettings.streams(7, 2, 0, true));
        assertThat(result.groupMismatches()).hasSize(2);
        assertThat(result.incompleteGroups()).isEmpty();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aGroupWhoseOrdersDisagreeOnItsSizeOrOfOneIsIncomplete() {
        ExpectedOrder a = expected("S1", "K", 1);
        ExpectedOrder b = expected("S1", "C", 1);
        VerificationResult disagree = OrderComparison.compare(List.of(a, b),
                List.of(actual(a, "THRESHOLD", "g", 2), actual(b, "CONSOLIDATED", "g", 3)), FLEET);
        assertThat(disagree.incompleteGroups()).singleElement()
                .satisfies(g -> assertThat(g.sizes()).containsExactly(2, 3));
        VerificationResult single = OrderComparison.compare(List.of(a), List.of(actual(a, "THRESHOLD", "g", 1)), FLEET);
        assertThat(single.incompleteGroups()).hasSize(1);
        assertThat(single.passed()).isFalse();
    }

    @Test
    void aThresholdsOnlyExpectationToleratesConsolidatedOrdersAheadAndChecksOnlyCompleteness() {
        ExpectedOrder k = expected("S1", "K", 1);
        ExpectedOrder nextC = expected("S1", "C", 1);
        String g = OrderIds.group("enr-S1", "S1", "K", 1);
        List<ActualOrder> held = List.of(actual(k, "THRESHOLD", g, 2), actual(nextC, "CONSOLIDATED", g, 2));

        VerificationResult tolerant = OrderComparison.compare(List.of(k), held, FLEET);
        assertThat(tolerant.passed()).as(tolerant.describe()).isTrue();
        assertThat(tolerant.early()).containsExactly(held.get(1));
        assertThat(tolerant.describe()).contains("early     S1/C#1", "(consolidated, allowed)");

        VerificationResult incomplete = OrderComparison.compare(List.of(k), List.of(held.get(0)), FLEET);
        assertThat(incomplete.incompleteGroups()).hasSize(1);
        assertThat(incomplete.passed()).isFalse();

        VerificationResult exact = OrderComparison.compare(List.of(k.inGroup(g, 2)), held, FLEET, MODELLED);
        assertThat(exact.extra()).containsExactly(held.get(1));
        assertThat(exact.early()).isEmpty();
        assertThat(exact.passed()).isFalse();
    }
}
