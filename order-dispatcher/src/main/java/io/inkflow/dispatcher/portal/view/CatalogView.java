package io.inkflow.dispatcher.portal.view;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Series;
import io.inkflow.schemas.SupplyKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The eligible models grouped by series, for the public price chart and the model chooser. */
public record CatalogView(List<SeriesGroup> series) {

    /** One series and its eligible models. */
    public record SeriesGroup(String name, String description, List<CatalogEntry> models) {
    }

    public static CatalogView of(ModelCatalog catalog) {
        Map<Series, List<CatalogEntry>> bySeries = new EnumMap<>(Series.class);
        for (CatalogEntry entry : catalog.entries()) {
            if (entry.eligible()) {
                bySeries.computeIfAbsent(entry.series(), s -> new ArrayList<>()).add(entry);
            }
        }
        List<SeriesGroup> groups = new ArrayList<>();
        bySeries.forEach((series, models) -> groups.add(new SeriesGroup(seriesName(series), description(series),
                List.copyOf(models))));
        return new CatalogView(List.copyOf(groups));
    }

    public static String seriesName(Series series) {
        return switch (series) {
            case PIXMA -> "PIXMA";
            case IMAGEPROGRAF -> "imagePROGRAF";
            case IMAGECLASS -> "imageCLASS";
        };
    }

    public static String kind(SupplyKind kind) {
        return kind == SupplyKind.INK ? "Ink" : "Toner";
    }

    private static String description(Series series) {
        return switch (series) {
            case PIXMA -> "Home and home-office inkjet printers.";
            case IMAGEPROGRAF -> "Professional photo and large-format inkjet printers.";
            case IMAGECLASS -> "Office laser printers and multifunction printers (toner).";
        };
    }
}
