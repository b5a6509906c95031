package io.inkflow.simulator.backtest;

import java.util.List;
import java.util.Objects;

/**
 * One replenishment policy to backtest: the simulator's model of the streams rules (threshold, then
 * forecast against lead time plus safety margin), with a consolidation window the production system
 * does not have yet. Days are business days, as in the streams {@code PolicySettings}.
 *
 * @param name       label in the table and the chart
 * @param thresholds the low-level threshold per model and slot
 * @param forecast   whether the forecast may order before the threshold
 * @param leadDays   the lead time the forecast must beat
 * @param safetyDays added to the lead time
 * @param windowDays 0: every order is its own parcel (production); above 0, when a slot of a printer
 *                   orders, its other slots whose forecast runs out within lead + safety + window are
 *                   ordered with it, and the orders of one report ship as one parcel
 */
public record BacktestPolicy(String name, Thresholds thresholds, boolean forecast, int leadDays, int safetyDays,
                             int windowDays) {
    public BacktestPolicy {
        Objects.requireNonNull(thresholds, "thresholds");
        if (name == null || name.isBlank() || name.contains(",")) {
            throw new IllegalArgumentException("a policy needs a name without commas");
        }
        if (leadDays < 0 || safetyDays < 0 || windowDays < 0) {
            throw new IllegalArgumentException("lead, safety and window must not be negative in policy " + name);
        }
    }

    /** What replenishment-streams runs by default: catalog thresholds, forecast with 7 + 2 business days. */
    public static BacktestPolicy production() {
        return new BacktestPolicy("production", Thresholds.CATALOG, true, 7, 2, 0);
    }

    /** The production policy and a few variants, when no policy is given. */
    public static List<BacktestPolicy> defaults() {
        BacktestPolicy production = production();
        return List.of(production,
                new BacktestPolicy("threshold-only", Thresholds.CATALOG, false, 7, 2, 0),
                new BacktestPolicy("threshold+10", Thresholds.parse("model+10"), false, 7, 2, 0),
                new BacktestPolicy("lead-5", Thresholds.CATALOG, true, 5, 0, 0),
                new BacktestPolicy("window-5", Thresholds.CATALOG, true, 7, 2, 5));
    }

    /**
     * {@code name=lean,threshold=model+5,forecast=on,lead=5,safety=1,window=3,threshold.pixma-ts8320=20}:
     * keys left out take the production values; {@code name} is required.
     */
    public static BacktestPolicy parse(String spec) {
        BacktestPolicy p = production();
        String name = null;
        Thresholds thresholds = p.thresholds;
        boolean forecast = p.forecast;
        int lead = p.leadDays;
        int safety = p.safetyDays;
        int window = p.windowDays;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("policy parts look like key=value, was '" + part + "' in '"
                        + spec + "'");
            }
            String key = kv[0].trim();
            String value = kv[1].trim();
            switch (key) {
                case "name" -> name = value;
                case "threshold" -> thresholds = overrideCatalogPart(thresholds, Thresholds.parse(value));
                case "forecast" -> forecast = onOff(value);
                case "lead" -> lead = whole(key, value);
                case "safety" -> safety = whole(key, value);
                case "window" -> window = whole(key, value);
                default -> {
                    if (!key.startsWith("threshold.")) {
                        throw new IllegalArgumentException("unknown policy key '" + key
                                + "' (name, threshold, threshold.<model>, forecast, lead, safety, window)");
                    }
                    thresholds = thresholds.withModel(key.substring("threshold.".length()), whole(key, value));
                }
            }
        }
        return new BacktestPolicy(name, thresholds, forecast, lead, safety, window);
    }

    public int horizonDays() {
        return leadDays + safetyDays;
    }

    /** One line for the table: what differs is visible at a glance. */
    public String describe() {
        String rule = forecast ? "forecast " + leadDays + "+" + safetyDays + " bd" : "no forecast";
        return "threshold " + thresholds + ", " + rule + (windowDays > 0 ? ", window " + windowDays + " bd" : "");
    }

    private static Thresholds overrideCatalogPart(Thresholds current, Thresholds parsed) {
        Thresholds merged = parsed;
        for (var entry : current.perModel().entrySet()) {
            merged = merged.withModel(entry.getKey(), entry.getValue());
        }
        return merged;
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("forecast must be on or off, was '" + value + "'");
        };
    }

    private static int whole(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }
}
