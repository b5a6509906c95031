package io.inkflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.bundled();

    @Test
    void bundledCatalogCoversAtLeastTwelveModelsAcrossAllThreeSeries() {
        assertThat(catalog.entries()).hasSizeGreaterThanOrEqualTo(12);
        Map<Series, Long> perSeries = catalog.entries().stream()
                .collect(Collectors.groupingBy(CatalogEntry::series, Collectors.counting()));
        assertThat(perSeries.keySet()).containsExactlyInAnyOrder(Series.values());
        assertThat(catalog.entries()).filteredOn(e -> e.series() == Series.IMAGECLASS)
                .allMatch(e -> e.supplyKind() == SupplyKind.TONER);
        assertThat(catalog.entries()).filteredOn(e -> e.series() != Series.IMAGECLASS)
                .allMatch(e -> e.supplyKind() == SupplyKind.INK);
    }

    @Test
    void thresholdsDifferBetweenModels() {
        Set<Integer> firstSlotThresholds = catalog.entries().stream()
                .map(e -> e.slots().get(0).lowThresholdPercent()).collect(Collectors.toSet());
        assertThat(firstSlotThresholds).hasSizeGreaterThan(3);
    }

    @Test
    void everyEntryConformsToTheCatalogEntrySchema() {
        SchemaValidator validator = new SchemaValidator();
        for (CatalogEntry entry : catalog.entries()) {
            JsonNode node = Json.mapper().valueToTree(entry);
            assertThat(validator.validate(MessageSchema.CATALOG_ENTRY, node)).as(entry.model()).isEmpty();
        }
    }

    @Test
    void aSkuHasOnePriceWhereverItIsUsed() {
        Map<String, Set<Long>> prices = catalog.entries().stream().flatMap(e -> e.slots().stream())
                .collect(Collectors.groupingBy(CatalogSlot::sku,
                        Collectors.mapping(CatalogSlot::priceCents, Collectors.toSet())));
        assertThat(prices.values()).allMatch(p -> p.size() == 1);
    }

    @Test
    void aSkuShipsInOneParcelWhereverItIsUsedAndTonerWeighsMoreThanInk() {
        Map<String, Set<Parcel>> parcels = catalog.entries().stream().flatMap(e -> e.slots().stream())
                .collect(Collectors.groupingBy(CatalogSlot::sku,
                        Collectors.mapping(CatalogSlot::parcel, Collectors.toSet())));
        assertThat(parcels.values()).allMatch(p -> p.size() == 1);
        int heaviestInk = catalog.entries().stream().filter(e -> e.supplyKind() == SupplyKind.INK)
                .flatMap(e -> e.slots().stream()).mapToInt(s -> s.parcel().weightGrams()).max().orElseThrow();
        int lightestToner = catalog.entries().stream().filter(e -> e.supplyKind() == SupplyKind.TONER)
                .flatMap(e -> e.slots().stream()).mapToInt(s -> s.parcel().weightGrams()).min().orElseThrow();
        assertThat(heaviestInk).isLessThan(1_000);
        assertThat(lightestToner).isGreaterThanOrEqualTo(500);
    }

    @Test
    void findsAModelBySlotName() {
        CatalogEntry ts8320 = catalog.find("pixma-ts8320").orElseThrow();
        assertThat(ts8320.slot("PGBK")).get().extracting(CatalogSlot::sku).isEqualTo("PGI-280 PGBK");
        assertThat(catalog.find("epson-xp-4200")).isEmpty();
    }
}
