package io.inkflow.simulator.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderIds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderComparisonTest {
    private static final Set<String> FLEET = Set.of("S1", "S2");

    private static ExpectedOrder expected(String serial, String slot, int cycle) {
        return new ExpectedOrder(serial, slot, "SKU", cycle, "enr-" + serial,
                OrderIds.derive("enr-" + serial, serial, slot, cycle), "c", 0, cycle, true);
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
}
