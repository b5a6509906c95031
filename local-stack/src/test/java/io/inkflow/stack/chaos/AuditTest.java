package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return LedgerEntry.single(id, "CAPTURED", amount);
    }

    private static LedgerEntry shipment(String id) {
        return LedgerEntry.single(id, "SHIPPED", 0);
    }

    /** An order group's capture: each order's part at the given amount, the capture for {@code amount}. */
    private static LedgerEntry groupCapture(String group, long amount, Map<String, Long> parts) {
        return new LedgerEntry(group, "CAPTURED", amount, parts.entrySet().stream()
                .map(part -> new LedgerEntry.Line(part.getKey(), part.getValue())).toList());
    }

    private static LedgerEntry groupParcel(String group, String... orderIds) {
        return new LedgerEntry(group, "SHIPPED", 0, Arrays.stream(orderIds).map(id -> new LedgerEntry.Line(id, 0))
                .toList());
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
                .anyMatch(p -> p.startsWith("1 captured order id(s) match no order"));
    }

    @Test
    void ledgerPassesWithAGroupsOneCaptureAndOneParcelCoveringItsOrders() {
        long discounted = PRICE - (PRICE * 15 + 50) / 100;
        List<OrderRow> orders = List.of(shipped("g1-a", PRICE, null), shipped("g1-b", discounted, 15),
                shipped("alone", PRICE, null));

        CheckResult result = LedgerAudit.check(orders,
                List.of(groupCapture("g1", PRICE + discounted, ordered("g1-a", PRICE, "g1-b", discounted)),
                        capture("alone", PRICE)),
                List.of(groupParcel("g1", "g1-a", "g1-b"), shipment("alone")), CATALOG);

        assertThat(result.passed()).as(result.describe()).isTrue();
        assertThat(result.figures()).contains("shipped orders 3;", "captures 2 (declines 0)",
                "3 shipped orders captured exactly once", "carrier parcels 2, 1.50 orders per parcel (at most 2)");
    }

    @Test
    void ledgerFailsOnAGroupCaptureWhoseLinesDoNotAddUpOrWhoseLineIsWrong() {
        List<OrderRow> orders = List.of(shipped("g1-a", PRICE, null), shipped("g1-b", PRICE, null),
                shipped("g2-a", PRICE, null), shipped("g2-b", PRICE, null));

        CheckResult result = LedgerAudit.check(orders,
                List.of(groupCapture("g1", 2 * PRICE + 5, ordered("g1-a", PRICE, "g1-b", PRICE)),
                        groupCapture("g2", 2 * PRICE - 1, ordered("g2-a", PRICE, "g2-b", PRICE - 1))),
                List.of(groupParcel("g1", "g1-a", "g1-b"), groupParcel("g2", "g2-a", "g2-b")), CATALOG);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems())
                .contains("capture g1 of 2 order(s) captured " + (2 * PRICE + 5) + " cents but its lines add up to "
                        + 2 * PRICE)
                .contains("g2-b captured " + (PRICE - 1) + " cents, expected " + PRICE)
                .noneMatch(p -> p.startsWith("capture g2"));
    }

    @Test
    void ledgerFailsOnAnOrderCoveredByTwoCapturesOrTwoParcelsOrByNone() {
        List<OrderRow> orders = List.of(shipped("g1-a", PRICE, null), shipped("g1-b", PRICE, null),
                shipped("unparcelled", PRICE, null));

        CheckResult result = LedgerAudit.check(orders,
                List.of(groupCapture("g1", 2 * PRICE, ordered("g1-a", PRICE, "g1-b", PRICE)), capture("g1-b", PRICE),
                        capture("unparcelled", PRICE)),
                List.of(groupParcel("g1", "g1-a", "g1-b"), shipment("g1-a"), groupParcel("ghost", "nobody")),
                CATALOG);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).contains("g1-b shipped with 2 captures", "g1-a shipped in 2 carrier parcels",
                "unparcelled shipped in 0 carrier parcels", "1 parcelled order id(s) match no order");
        assertThat(result.figures()).contains("captures 3 (declines 0)", "carrier parcels 3");
    }

    private static Map<String, Long> ordered(String first, long firstCents, String second, long secondCents) {
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put(first, firstCents);
        parts.put(second, secondCents);
        return parts;
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
