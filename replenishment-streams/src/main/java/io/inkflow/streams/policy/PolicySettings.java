package io.inkflow.streams.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunable parts of the replenishment rules.
 *
 * @param leadTimeBusinessDays     shipping lead time the forecast must beat
 * @param safetyMarginBusinessDays added to the lead time
 * @param rearmMarginPercent       a level rise of at least this many points on the same cartridge id
 *                                 counts as a new (refilled) cartridge
 * @param staleAfter               a printer silent this long gets one STALE_PRINTER event
 * @param forecastEnabled          whether the forecast trigger may order before the threshold
 * @param forecastMinSamples       distinct level readings needed before forecasting
 * @param forecastMinSpan          printer time the readings must span before forecasting
 * @param consolidationWindowBusinessDays when a slot orders, the printer's other slots forecast to run out
 *                                 within this many business days beyond the forecast horizon are ordered with
 *                                 it, in one order group; 0 turns consolidation off
 */
public record PolicySettings(int leadTimeBusinessDays, int safetyMarginBusinessDays, int rearmMarginPercent,
                             Duration staleAfter, boolean forecastEnabled, int forecastMinSamples,
                             Duration forecastMinSpan, int consolidationWindowBusinessDays) {
    public PolicySettings {
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(forecastMinSpan, "forecastMinSpan");
        if (leadTimeBusinessDays < 0 || safetyMarginBusinessDays < 0) {
            throw new IllegalArgumentException("lead time and safety margin must not be negative");
        }
        if (rearmMarginPercent < 1 || rearmMarginPercent > 100) {
            throw new IllegalArgumentException("rearmMarginPercent must be 1..100");
        }
        if (consolidationWindowBusinessDays < 0) {
            throw new IllegalArgumentException("the consolidation window must not be negative");
        }
        if (forecastMinSamples < 2) {
            throw new IllegalArgumentException("forecastMinSamples must be at least 2");
        }
    }

    /** The defaults documented in the module README. */
    public static PolicySettings defaults() {
        return new PolicySettings(7, 2, 20, Duration.ofDays(3), true, 3, Duration.ofHours(24), 9);
    }

    public int forecastHorizonBusinessDays() {
        return leadTimeBusinessDays + safetyMarginBusinessDays;
    }

    public boolean consolidating() {
        return consolidationWindowBusinessDays > 0;
    }

    /** A slot joins another's order when it runs out within this many business days: horizon plus window. */
    public int consolidationHorizonBusinessDays() {
        return forecastHorizonBusinessDays() + consolidationWindowBusinessDays;
    }
}
