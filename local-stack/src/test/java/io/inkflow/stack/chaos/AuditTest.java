package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditTest {
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();
    private static final CatalogEntry MODEL = CATALOG.entries().getFirst();
    private static final String SLOT = MODEL.slots().getFirst().slot();
    private static final long PRICE = MODEL.slots().getFirst().priceCents();

    private static OrderRow shipped(String id, Long amount, Integer promotion) {
        return new OrderRow(id, "SHIPPED", "CANON", MODEL.model(), SLOT, amount, promotion, false);
    }

    private static LedgerEntry capture(String id, long amount) {
        return new LedgerEntry(id, "CAPTURED", amount);
    }

    private static LedgerEntry shipment(String id) {
        return new LedgerEntry(id, "SHIPPED", 0);
    }

    @Test
    void ledgerPassesWithOneCaptureAtCatalogPriceLessPromotionPerShippedOrder() {
        long discounted = PRICE - (PRICE * 15 + 50) / 100;
        List<OrderRow> orders = List.of(shipped("o1", PRICE, null), shipped("o2", discounted, 15),
                new OrderRow("o3", "FORWARDED", "AMAZON", MODEL.model(), SLOT, null, null, false));

        CheckResult result = LedgerAudit.check(orders, List.of(capture("o1", PRICE), capture("o2", discounted)),
                List.of(shipment("o1"), shipment("o2")), CATALOG);

        assertThat(result.passed()).as(result.describe()).isTrue();
    }

    @Test
    void ledgerFailsOnADoubleCaptureAWrongAmountAMissingCaptureAndACaptureOfAnUnshippedOrder() {
        List<OrderRow> orders = List.of(shipped("twice", PRICE, null), shipped("wrong", PRICE, null),
                shipped("none", PRICE, null),
                new OrderRow("amazon", "FORWARDED", "AMAZON", MODEL.model(), SLOT, null, null, false));

        CheckResult result = LedgerAudit.check(orders,
                List.of(capture("twice", PRICE), capture("twice", PRICE), capture("wrong", PRICE + 1),
                        capture("amazon", PRICE), capture("ghost", PRICE)),
                List.of(shipment("twice"), shipment("wrong"), shipment("none")), CATALOG);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(p -> p.startsWith("twice shipped with 2 captures"))
                .anyMatch(p -> p.startsWith("wrong captured " + (PRICE + 1)))
                .anyMatch(p -> p.startsWith("none shipped with 0 captures"))
                .anyMatch(p -> p.startsWith("amazon is FORWARDED but has 1 capture"))
                .anyMatch(p -> p.startsWith("1 capture reference(s) match no order"));
    }

    @Test
    void finalStatesFailOnAnOrderStillPendingOrParked() {
        OrderRow done = shipped("a", PRICE, null);
        OrderRow pending = new OrderRow("b", "PENDING", "CANON", MODEL.model(), SLOT, null, null, false);
        OrderRow parked = new OrderRow("c", "SHIPPED", "CANON", MODEL.model(), SLOT, PRICE, null, true);

        assertThat(FinalStateAudit.check(List.of(done)).passed()).isTrue();
        CheckResult result = FinalStateAudit.check(List.of(done, pending, parked));
        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).containsExactly("b is PENDING", "c is SHIPPED (parked)");
    }

    @Test
    void telemetryIsExactOnlyWhenTheFleetDrained() {
        ReportId one = new ReportId("S1", 1, 1);
        ReportId two = new ReportId("S1", 1, 2);

        assertThat(TelemetryAudit.check(List.of(one, two, two), 2, 0, Set.of(one, two), 3).passed()).isTrue();
        CheckResult lost = TelemetryAudit.check(List.of(one, two), 2, 0, Set.of(one), 1);
        assertThat(lost.passed()).isFalse();
        assertThat(lost.problems()).containsExactly("acknowledged but not in the topic: S1@1#2");
        assertThat(TelemetryAudit.check(List.of(one, two), 1, 1, Set.of(one, two), 2).passed()).isFalse();
    }

    @Test
    void reportIdsAreReadFromTheReportJson() {
        assertThat(SystemReader.reportId("{\"serial\":\"S9\",\"bootEpoch\":3,\"sequence\":17}".getBytes()))
                .contains(new ReportId("S9", 3, 17));
        assertThat(SystemReader.reportId("not json".getBytes())).isEmpty();
    }
}
