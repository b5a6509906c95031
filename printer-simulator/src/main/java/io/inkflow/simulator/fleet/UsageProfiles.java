package io.inkflow.simulator.fleet;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.Series;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws a printer's usage from the seed. Figures are rough but plausible: a home PIXMA prints a
 * dozen pages a day and empties a colour tank in about a month; an office imageCLASS prints a ream a
 * week on a 3,000-page toner; imagePROGRAF photo printers print few, ink-hungry pages.
 */
public final class UsageProfiles {
    private UsageProfiles() {
    }

    public static UsageProfile derive(long seed, String serial, CatalogEntry model, FleetOptions options) {
        SplittableRandom random = Seeds.stream(seed, "profile/" + serial);
        double median = switch (model.series()) {
            case PIXMA -> 12;
            case IMAGEPROGRAF -> 8;
            case IMAGECLASS -> 60;
        };
        // Log-normal: most printers near the median, a few heavy users.
        double pages = median * Math.exp(0.5 * gaussian(random)) * options.usageFactor();
        double weekend = model.series() == Series.PIXMA ? 0.3 + 0.4 * random.nextDouble() : 0.0;
        int start = 7 + random.nextInt(3);
        int end = 16 + random.nextInt(4);
        int offset = switch (random.nextInt(4)) {
            case 0 -> -8;
            case 1 -> -5;
            case 2 -> 0;
            default -> 1;
        };
        Map<String, Double> perPage = new LinkedHashMap<>();
        Map<String, Integer> initial = new LinkedHashMap<>();
        for (CatalogSlot slot : model.slots()) {
            double yield = yieldPages(model, slot) * (0.7 + 0.6 * random.nextDouble());
            perPage.put(slot.slot(), 100.0 / yield);
            // Start clearly above the threshold so enrollment has reached the streams application
            // before any printer can run low.
            int low = slot.lowThresholdPercent() + options.initialHeadroomPercent();
            initial.put(slot.slot(), low >= 100 ? 100 : low + random.nextInt(101 - low));
        }
        return new UsageProfile(pages, weekend, start, end, offset, perPage, initial,
                options.offlinePerDay(), options.rebootsPerDay());
    }

    /** Pages a full cartridge lasts at typical coverage. */
    static double yieldPages(CatalogEntry model, CatalogSlot slot) {
        boolean black = slot.slot().contains("BK") || slot.slot().equals("K") || slot.slot().equals("PG");
        return switch (model.series()) {
            case PIXMA -> black ? 400 : 300;
            case IMAGEPROGRAF -> black ? 180 : 140;
            case IMAGECLASS -> black ? 3000 : 2300;
        };
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 21's API level.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
