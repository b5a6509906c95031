package io.inkflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.TestFleets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetFileTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsTheFleetWithItsCredentials() {
        Fleet fleet = TestFleets.fleet(5, 7);
        Path file = dir.resolve("sub/fleet.json");
        fleet.save(file);
        assertThat(Fleet.load(file)).isEqualTo(fleet);
    }

    @Test
    void planIsReproducibleAndFollowsTheModelMix() {
        ModelCatalog catalog = ModelCatalog.bundled();
        List<FleetPlan.PlannedPrinter> a = FleetPlan.plan(catalog, 9, 200, "P", Map.of(), 0.25);
        assertThat(FleetPlan.plan(catalog, 9, 200, "P", Map.of(), 0.25)).isEqualTo(a);
        assertThat(a).extracting(FleetPlan.PlannedPrinter::serial).doesNotHaveDuplicates().contains("P-000000");
        assertThat(a.stream().map(FleetPlan.PlannedPrinter::model).distinct().count()).isGreaterThan(10);
        List<FleetPlan.PlannedPrinter> mix = FleetPlan.plan(catalog, 9, 100, "P",
                Map.of("pixma-ts8320", 1.0, "imageclass-d570", 1.0), 0.0);
        assertThat(mix).extracting(FleetPlan.PlannedPrinter::model)
                .containsOnly("pixma-ts8320", "imageclass-d570");
        assertThatThrownBy(() -> FleetPlan.plan(catalog, 9, 1, "P", Map.of("no-such-model", 1.0), 0))
                .hasMessageContaining("no-such-model");
    }

    @Test
    void rejectsDuplicateSerials() {
        Fleet fleet = TestFleets.fleet(5, 2);
        assertThatThrownBy(() -> new Fleet(1, "x", fleet.createdAt(),
                List.of(fleet.printers().get(0), fleet.printers().get(0))))
                .hasMessageContaining("Duplicate serial");
    }
}
