package io.inkflow.simulator.backtest;

import io.inkflow.schemas.CatalogSlot;
import java.util.Map;
import java.util.TreeMap;

/**
 * The low-level threshold rule of a backtest policy: the catalog's per-model, per-slot
 * {@code lowThresholdPercent} shifted by {@code offset} points, or one {@code flat} percent for every
 * slot; and per model, a percent that overrides either for every slot of that model.
 *
 * @param flat     one percent for every slot, or null to follow the catalog
 * @param offset   points added to the catalog threshold (ignored with {@code flat})
 * @param perModel model id to the percent used for all its slots
 */
public record Thresholds(Integer flat, int offset, Map<String, Integer> perModel) {
    public static final Thresholds CATALOG = new Thresholds(null, 0, Map.of());

    public Thresholds {
        perModel = Map.copyOf(perModel);
        if (flat != null) {
            requirePercent(flat);
        }
        perModel.values().forEach(Thresholds::requirePercent);
    }

    /** {@code model}, {@code model+5}, {@code model-3} or a percent such as {@code 20}. */
    public static Thresholds parse(String rule) {
        String r = rule.trim();
        try {
            if (r.equals("model")) {
                return CATALOG;
            }
            if (r.startsWith("model+") || r.startsWith("model-")) {
                return new Thresholds(null, Integer.parseInt(r.substring("model".length())), Map.of());
            }
            return new Thresholds(Integer.parseInt(r), 0, Map.of());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold must be model, model+N, model-N or a percent, was '"
                    + rule + "'");
        }
    }

    public Thresholds withModel(String model, int percent) {
        Map<String, Integer> next = new TreeMap<>(perModel);
        next.put(model, percent);
        return new Thresholds(flat, offset, next);
    }

    /** The percent at or below which the slot orders. */
    public int percent(String model, CatalogSlot slot) {
        Integer own = perModel.get(model);
        if (own != null) {
            return own;
        }
        if (flat != null) {
            return flat;
        }
        return Math.max(0, Math.min(100, slot.lowThresholdPercent() + offset));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (flat != null) {
            text.append(flat).append('%');
        } else {
            text.append("model");
            if (offset != 0) {
                text.append(offset > 0 ? "+" : "").append(offset);
            }
        }
        new TreeMap<>(perModel).forEach((model, percent) -> text.append(' ').append(model).append('=')
                .append(percent).append('%'));
        return text.toString();
    }

    private static void requirePercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a threshold must be 0..100 percent, was " + percent);
        }
    }
}
