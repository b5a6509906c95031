package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.Series;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void ordersOnceWhenLevelStaysBelowThreshold() {
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        var printer = fx.printer("MF445-1", "imageclass-mf445dw");
        printer.report(supply("K", 40));
        printer.report(supply("K", 11));
        printer.report(supply("K", 10));
        printer.report(supply("K", 9));
        printer.report(supply("K", 3));
        printer.report(supply("K", 0));

        List<ReplenishmentOrder> orders = fx.orders.readValuesToList();
        assertThat(orders).hasSize(1);
        ReplenishmentOrder order = orders.getFirst();
        assertThat(order.orderId()).isEqualTo(OrderIds.derive("enr-1", "MF445-1", "K", 1));
        assertThat(order.trigger()).isEqualTo(OrderTrigger.THRESHOLD);
        assertThat(order.remainingPercent()).isEqualTo(10);
        assertThat(order.thresholdPercent()).isEqualTo(10);
        assertThat(order.depletionCycle()).isEqualTo(1);
        assertThat(order.reportSequence()).isEqualTo(3);
        assertThat(order.sku()).isEqualTo(catalogSku("imageclass-mf445dw", "K"));
        assertThat(order.series()).isEqualTo(Series.IMAGECLASS);
        assertThat(order.accountId()).isEqualTo("acct-enr-1");
        assertThat(order.channel()).isEqualTo(Channel.CANON);
        assertThat(order.cartridgeId()).isEqualTo("K-cart-1");
        assertThat(fx.counter("streams.orders.emitted", "series", "IMAGECLASS")).isEqualTo(1.0);
    }

    @Test
    void thresholdsComeFromTheModelAndSlot() {
        fx.enroll("TS8320-1", "pixma-ts8320", "enr-a");
        fx.enroll("TS6420-1", "pixma-ts6420a", "enr-b");
        var ts8320 = fx.printer("TS8320-1", "pixma-ts8320");
        var ts6420 = fx.printer("TS6420-1", "pixma-ts6420a");

        ts8320.report(supply("PGBK", 16), supply("C", 13)); // thresholds PGBK 15, C 12: nothing yet
        ts6420.report(supply("PG", 21));                   // threshold 20: nothing yet
        assertThat(fx.orders.isEmpty()).isTrue();

        ts8320.report(supply("PGBK", 15), supply("C", 13)); // PGBK reaches 15
        ts6420.report(supply("PG", 20));                    // PG reaches 20
        ts8320.report(supply("PGBK", 14), supply("C", 12)); // C reaches 12

        assertThat(fx.orders.readValuesToList())
                .extracting(o -> o.serial() + "/" + o.slot() + "@" + o.remainingPercent())
                .containsExactly("TS8320-1/PGBK@15", "TS6420-1/PG@20", "TS8320-1/C@12");
    }

    @Test
    void catalogChangeAppliesToTheNextReportWithoutRestart() {
        fx.enroll("MF445-2", "imageclass-mf445dw", "enr-2");
        var printer = fx.printer("MF445-2", "imageclass-mf445dw");
        printer.report(supply("K", 25));
        assertThat(fx.orders.isEmpty()).isTrue();

        CatalogEntry original = ModelCatalog.bundled().find("imageclass-mf445dw").orElseThrow();
        CatalogSlot k = original.slot("K").orElseThrow();
        CatalogEntry raised = new CatalogEntry(original.model(), original.displayName(), original.series(),
                original.supplyKind(), true, List.of(new CatalogSlot("K", k.colour(), k.sku(), k.priceCents(), 30,
                        k.parcel())));
        fx.catalog.pipeInput(original.model(), raised, START.plusSeconds(60));

        printer.report(supply("K", 24));
        assertThat(fx.orders.readValuesToList()).singleElement()
                .satisfies(o -> assertThat(o.thresholdPercent()).isEqualTo(30));
    }

    @Test
    void ineligibleOrUnknownModelDoesNotOrder() {
        CatalogEntry original = ModelCatalog.bundled().find("imageclass-d570").orElseThrow();
        fx.catalog.pipeInput(original.model(), new CatalogEntry(original.model(), original.displayName(),
                original.series(), original.supplyKind(), false, original.slots()), START);
        fx.enroll("D570-1", "imageclass-d570", "enr-3");
        fx.enroll("XX-1", "not-a-model", "enr-4");

        fx.printer("D570-1", "imageclass-d570").report(supply("K", 1));
        fx.printer("XX-1", "not-a-model").report(supply("K", 1));

        assertThat(fx.orders.isEmpty()).isTrue();
        assertThat(fx.registry.get("streams.reports.unknown.model").counter().count()).isEqualTo(1.0);
    }

    private static String catalogSku(String model, String slot) {
        return ModelCatalog.bundled().find(model).orElseThrow().slot(slot).orElseThrow().sku();
    }
}
