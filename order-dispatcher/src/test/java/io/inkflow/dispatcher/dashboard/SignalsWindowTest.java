package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.Series;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyEventType;
import io.inkflow.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignalsWindowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:30:00Z"));
    private final ModelCatalog catalog = ModelCatalog.bundled();
    private final SignalsWindow window = new SignalsWindow(clock, catalog);

    @Test
    void telemetryVolumeIsTheGrowthOfTheEndOffsets() {
        window.telemetryEndOffsets(1_000, clock.instant());
        clock.advance(Duration.ofSeconds(5));
        window.telemetryEndOffsets(1_500, clock.instant());

        var telemetry = window.telemetry();
        assertThat(telemetry.reportsLastHour()).isEqualTo(500);
        assertThat(telemetry.reportsPerSecond()).isEqualTo(100.0);
        assertThat(telemetry.reportsPerMinute()).hasSize(60).last().isEqualTo(500L);
    }

    @Test
    void rateDropsToZeroWhenSamplesStop() {
        window.telemetryEndOffsets(0, clock.instant());
        clock.advance(Duration.ofSeconds(5));
        window.telemetryEndOffsets(50, clock.instant());
        clock.advance(Duration.ofMinutes(2));

        assertThat(window.telemetry().reportsPerSecond()).isZero();
    }

    @Test
    void shrinkingOffsetsRestartTheBaselineInsteadOfCountingNegative() {
        window.telemetryEndOffsets(1_000, clock.instant());
        window.telemetryEndOffsets(10, clock.instant().plusSeconds(1));

        assertThat(window.telemetry().reportsLastHour()).isZero();
    }

    @Test
    void rejectionsAreCountedByReason() {
        window.rejection(RejectionReason.SCHEMA_VIOLATION, clock.instant());
        window.rejection(RejectionReason.SCHEMA_VIOLATION, clock.instant().minusSeconds(90));
        window.rejection(RejectionReason.OVERSIZE, clock.instant());
        window.rejection(RejectionReason.OVERSIZE, clock.instant().minus(Duration.ofHours(2)));

        var telemetry = window.telemetry();
        assertThat(telemetry.rejectionsByReason())
                .containsEntry(RejectionReason.SCHEMA_VIOLATION, 2L)
                .containsEntry(RejectionReason.OVERSIZE, 1L);
        assertThat(telemetry.rejectionsPerMinute().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }

    @Test
    void lowInkSignalsFollowTheFilterAndIgnoreOtherSupplyEvents() {
        String pixma = model(Series.PIXMA);
        String other = model(Series.IMAGECLASS);
        window.supplyEvent(event(SupplyEventType.LOW_SIGNAL, "SN-PIXMA-1", pixma));
        window.supplyEvent(event(SupplyEventType.LOW_SIGNAL, "SN-CLASS-1", other));
        window.supplyEvent(event(SupplyEventType.REARMED, "SN-PIXMA-2", pixma));

        assertThat(window.lowInk(DashboardFilter.ALL).lastHour()).isEqualTo(2);
        var pixmaOnly = window.lowInk(new DashboardFilter(Series.PIXMA, null));
        assertThat(pixmaOnly.lastHour()).isEqualTo(1);
        assertThat(pixmaOnly.recent()).singleElement()
                .satisfies(s -> {
                    assertThat(s.serial()).isEqualTo("SN-PIXMA-1");
                    assertThat(s.series()).isEqualTo(Series.PIXMA);
                });
    }

    private String model(Series series) {
        return catalog.entries().stream().filter(e -> e.series() == series).findFirst().orElseThrow().model();
    }

    private SupplyEvent event(SupplyEventType type, String serial, String model) {
        return new SupplyEvent(UUID.randomUUID().toString(), type, serial, model, "acct-1", "BK", "SKU-1", "cart-1",
                9, null, null, clock.instant());
    }
}
