package io.inkflow.dispatcher.dashboard;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Series;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the viewer narrowed the page to: a product series, a model, both or neither (null = all).
 * Parsed from query parameters, so it is validated here and never reaches SQL as text.
 */
record DashboardFilter(Series series, String model) {
    static final DashboardFilter ALL = new DashboardFilter(null, null);
    private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    DashboardFilter {
        if (model != null && !MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("model must be a catalog model id");
        }
    }

    /** From raw query parameter values; blank means "all". */
    static DashboardFilter parse(String series, String model) {
        Series s = null;
        if (series != null && !series.isBlank()) {
            try {
                s = Series.valueOf(series.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("series must be one of " + List.of(Series.values()));
            }
        }
        String m = model == null || model.isBlank() ? null : model.trim();
        return new DashboardFilter(s, m);
    }

    boolean isAll() {
        return series == null && model == null;
    }

    /**
     * The models this filter admits, or null when it admits every model. A series is resolved through
     * the catalog because orders of older rows may lack a series column value.
     */
    List<String> models(ModelCatalog catalog) {
        if (isAll()) {
            return null;
        }
        return catalog.entries().stream()
                .filter(e -> series == null || e.series() == series)
                .map(e -> e.model())
                .filter(m -> model == null || m.equals(model))
                .toList();
    }

    boolean admits(String orderModel, ModelCatalog catalog) {
        List<String> models = models(catalog);
        return models == null || models.contains(orderModel);
    }
}
