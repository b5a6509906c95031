package io.inkflow.simulator.run;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;

/**
 * Whether swapping two consecutive reports is invisible to the ordering decision. The streams
 * application may drop the late, older report (its sequence is behind) or process it; the outcome
 * must be the same either way, or the oracle could not be exact. That holds when both reports show
 * the same cartridges and, per slot, either the same level or two levels above the threshold.
 */
final class Reorders {
    private Reorders() {
    }

    static boolean neutral(TelemetryReport first, TelemetryReport second, CatalogEntry model) {
        if (first.supplies().size() != second.supplies().size()) {
            return false;
        }
        for (int i = 0; i < first.supplies().size(); i++) {
            SupplyLevel a = first.supplies().get(i);
            SupplyLevel b = second.supplies().get(i);
            if (!a.slot().equals(b.slot()) || !a.cartridgeId().equals(b.cartridgeId()) || a.genuine() != b.genuine()) {
                return false;
            }
            int threshold = model.slot(a.slot()).map(s -> s.lowThresholdPercent()).orElse(100);
            boolean bothHigh = a.remainingPercent() > threshold && b.remainingPercent() > threshold;
            if (a.remainingPercent() != b.remainingPercent() && !bothHigh) {
                return false;
            }
        }
        return true;
    }
}
