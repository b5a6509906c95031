package io.inkflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.TestFleets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DepletionModelTest {
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday

    private static UsageProfile officeProfile(double pagesPerWorkday) {
        return new UsageProfile(pagesPerWorkday, 0.0, 9, 17, 0, Map.of("K", 0.05), Map.of("K", 80), 0.0, 0.0);
    }

    @Test
    void printsNothingOutsideOfficeHoursOrAtWeekendsForAnOffice() {
        UsageProfile profile = officeProfile(80);
        long monday8 = DepletionModel.hourIndex(START.plus(Duration.ofHours(8)));
        long monday9 = monday8 + 1;
        long saturday10 = DepletionModel.hourIndex(START.plus(Duration.ofDays(5).plusHours(10)));
        assertThat(DepletionModel.meanPagesInHour(profile, monday8)).isZero();
        assertThat(DepletionModel.meanPagesInHour(profile, monday9)).isEqualTo(10.0);
        assertThat(DepletionModel.meanPagesInHour(profile, saturday10)).isZero();
    }

    @Test
    void pagesPerHourAverageToTheProfileMean() {
        UsageProfile profile = officeProfile(80);
        long total = 0;
        int workdays = 0;
        for (int day = 0; day < 280; day++) {
            Instant midnight = START.plus(Duration.ofDays(day));
            int dow = midnight.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().getValue();
            if (dow <= 5) {
                workdays++;
            }
            for (int hour = 0; hour < 24; hour++) {
                total += DepletionModel.pagesInHour(7, "S1", profile, DepletionModel.hourIndex(midnight) + hour);
            }
        }
        assertThat(total / (double) workdays).isCloseTo(80.0, within(3.0));
    }

    @Test
    void levelFallsByPagesTimesInkPerPage() {
        Fleet fleet = TestFleets.fleet(3, 1);
        FleetPrinter printer = fleet.printers().getFirst();
        CatalogEntry model = CATALOG.find(printer.model()).orElseThrow();
        VirtualPrinter virtual = new VirtualPrinter(3, printer, model, FleetOptions.defaults(), START);
        Map<String, Double> before = virtual.levels();
        virtual.advanceTo(START.plus(Duration.ofDays(3)));
        long pages = 0;
        for (long hour = DepletionModel.hourIndex(START); hour < DepletionModel.hourIndex(START) + 72; hour++) {
            pages += DepletionModel.pagesInHour(3, printer.serial(), virtual.profile(), hour);
        }
        assertThat(pages).isPositive();
        for (String slot : before.keySet()) {
            double expected = Math.max(0, before.get(slot) - pages * virtual.profile().percentPerPage().get(slot));
            assertThat(virtual.levels().get(slot)).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void sameSeedGivesTheSameLevelsHoweverOftenItIsSampled() {
        Fleet fleet = TestFleets.fleet(11, 5);
        for (FleetPrinter printer : fleet.printers()) {
            CatalogEntry model = CATALOG.find(printer.model()).orElseThrow();
            VirtualPrinter coarse = new VirtualPrinter(11, printer, model, FleetOptions.defaults(), START);
            VirtualPrinter fine = new VirtualPrinter(11, printer, model, FleetOptions.defaults(), START);
            Instant end = START.plus(Duration.ofDays(20));
            coarse.advanceTo(end);
            for (Instant t = START; !t.isAfter(end); t = t.plus(Duration.ofMinutes(7))) {
                fine.advanceTo(t);
            }
            fine.advanceTo(end);
            for (String slot : coarse.levels().keySet()) {
                assertThat(fine.levels().get(slot)).isCloseTo(coarse.levels().get(slot), within(1e-6));
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentUsage() {
        Map<String, Double> a = levelsAfter(1, 15);
        Map<String, Double> b = levelsAfter(2, 15);
        assertThat(a).isNotEqualTo(b);
        assertThat(levelsAfter(1, 15)).isEqualTo(a);
    }

    private static Map<String, Double> levelsAfter(long seed, int days) {
        Fleet fleet = TestFleets.fleet(99, 3); // same serials and models, only the usage seed differs
        Map<String, Double> all = new LinkedHashMap<>();
        for (FleetPrinter printer : fleet.printers()) {
            VirtualPrinter virtual = new VirtualPrinter(seed, printer, CATALOG.find(printer.model()).orElseThrow(),
                    FleetOptions.defaults(), START);
            virtual.advanceTo(START.plus(Duration.ofDays(days)));
            virtual.levels().forEach((slot, level) -> all.put(printer.serial() + '/' + slot, level));
        }
        return all;
    }

    @Test
    void offlineHoursPrintNothing() {
        UsageProfile alwaysOffline = new UsageProfile(80, 1.0, 0, 24, 0, Map.of("K", 0.05), Map.of("K", 80), 1.0, 0.0);
        long offline = 0;
        long hours = 24 * 60;
        for (long hour = 0; hour < hours; hour++) {
            long index = DepletionModel.hourIndex(START) + hour;
            if (DepletionModel.offline(5, "S", alwaysOffline, index)) {
                offline++;
                assertThat(DepletionModel.pagesInHour(5, "S", alwaysOffline, index)).isZero();
            }
        }
        assertThat(offline).isBetween(60L * 1, 60L * 8);
    }

    @Test
    void reportedPercentRoundsDownWithinBounds() {
        assertThat(DepletionModel.reportedPercent(12.999)).isEqualTo(12);
        assertThat(DepletionModel.reportedPercent(-0.5)).isZero();
        assertThat(DepletionModel.reportedPercent(100.0)).isEqualTo(100);
    }
}
