package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Series;
import org.junit.jupiter.api.Test;

class DashboardFilterTest {
    private final ModelCatalog catalog = ModelCatalog.bundled();

    @Test
    void blankParametersMeanEverything() {
        DashboardFilter filter = DashboardFilter.parse(" ", null);

        assertThat(filter.isAll()).isTrue();
        assertThat(filter.models(catalog)).isNull();
    }

    @Test
    void seriesResolvesToItsCatalogModels() {
        DashboardFilter filter = DashboardFilter.parse("imageprograf", "");

        assertThat(filter.series()).isEqualTo(Series.IMAGEPROGRAF);
        assertThat(filter.models(catalog)).isNotEmpty().allSatisfy(m ->
                assertThat(catalog.find(m).map(CatalogEntry::series)).contains(Series.IMAGEPROGRAF));
    }

    @Test
    void modelOfAnotherSeriesAdmitsNothing() {
        String pixma = catalog.entries().stream().filter(e -> e.series() == Series.PIXMA).findFirst().orElseThrow().model();

        assertThat(DashboardFilter.parse("IMAGECLASS", pixma).models(catalog)).isEmpty();
        assertThat(DashboardFilter.parse("PIXMA", pixma).models(catalog)).containsExactly(pixma);
    }

    @Test
    void rejectsUnknownSeriesAndInjectionAttempts() {
        assertThatThrownBy(() -> DashboardFilter.parse("LASERJET", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashboardFilter.parse(null, "x' OR '1'='1")).isInstanceOf(IllegalArgumentException.class);
    }
}
