package io.inkflow.simulator.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The result of a backtest: what was replayed and the figures per policy.
 *
 * @param printers      printers in the trace with a catalog model
 * @param slots         their supply slots
 * @param unknownModels serials left out because their model is not in the catalog
 * @param from          the first report
 * @param to            the last report: the end of the backtest
 */
public record BacktestReport(int printers, int slots, List<String> unknownModels, Instant from, Instant to,
                             Transit transit, List<PolicyResult> policies) {
    private static final String ROW = "%-16s %7s %8s %13s %11s %15s %15s %9s %8s %11s%n";

    public BacktestReport {
        unknownModels = List.copyOf(unknownModels);
        policies = List.copyOf(policies);
    }

    /** The table a person reads: one row per policy, then what each policy was. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "backtest: %d printers, %d slots, %s to %s, transit %s (seed %d)%n",
                printers, slots, from, to, transit, transit.seed()));
        if (!unknownModels.isEmpty()) {
            out.append("left out (model not in the catalog): ").append(String.join(", ", unknownModels))
                    .append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, ROW, "policy", "orders", "parcels", "parcels/1000", "stock-outs",
                "stock-out days", "ink left mean%", "median%", "arrived", "in transit"));
        for (PolicyResult r : policies) {
            out.append(String.format(Locale.ROOT, ROW, r.policy(), r.orders(), r.parcels(),
                    String.format(Locale.ROOT, "%.0f", r.parcelsPerThousand()), r.stockOuts(),
                    String.format(Locale.ROOT, "%.2f", r.stockOutDays()), percent(r.inkLeftMeanPercent()),
                    percent(r.inkLeftMedianPercent()), r.arrivals(), r.inTransitAtEnd()));
        }
        out.append(System.lineSeparator());
        for (PolicyResult r : policies) {
            out.append(String.format(Locale.ROOT, "%-16s %s%n", r.policy(), r.description()));
        }
        return out.toString();
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
