package io.inkflow.streams.policy;

import java.util.List;
import java.util.Objects;

/** What one telemetry report did: its dedup verdict and, when accepted, the decision it led to. */
public record ReportOutcome(Freshness freshness, Decision decision) {
    public ReportOutcome {
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(decision, "decision");
    }

    static ReportOutcome dropped(Freshness freshness, PrinterState unchanged) {
        return new ReportOutcome(freshness, new Decision(unchanged, List.of(), List.of()));
    }
}
