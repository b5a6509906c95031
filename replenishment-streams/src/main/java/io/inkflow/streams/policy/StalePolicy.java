package io.inkflow.streams.policy;

import io.inkflow.schemas.SupplyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Detects actively enrolled printers that have been silent for too long; one event per silence. */
public final class StalePolicy {
    private final Duration staleAfter;

    public StalePolicy(PolicySettings settings) {
        this.staleAfter = settings.staleAfter();
    }

    /** The state with the silence noted, and its event. */
    public record Stale(PrinterState state, SupplyEvent event) {
    }

    public Optional<Stale> check(PrinterState state, Instant now) {
        if (!state.activelyEnrolled() || state.staleNotified() || state.lastReportAt() == null) {
            return Optional.empty();
        }
        Duration silence = Duration.between(state.lastReportAt(), now);
        if (silence.compareTo(staleAfter) < 0) {
            return Optional.empty();
        }
        String detail = "no report for " + silence.toHours() + " h";
        return Optional.of(new Stale(state.staleNotifiedNow(), SupplyEvents.stale(state, now, detail)));
    }
}
