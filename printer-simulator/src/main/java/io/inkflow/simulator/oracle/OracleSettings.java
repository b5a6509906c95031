package io.inkflow.simulator.oracle;

/**
 * What the oracle knows of the replenishment-streams settings it mirrors. Days are business days, as in
 * the streams {@code PolicySettings}.
 *
 * <p>{@link #thresholdsOnly()} is the oracle as it was before it modelled the forecast: it expects the
 * threshold orders only, and the comparison tolerates forecast and consolidated orders that run ahead of
 * them (same cycle, or the next cycle of a slot not yet low when the run ended) and does not check the
 * group an order belongs to, only that every group held is complete. {@link #streams} models the
 * streams rules exactly: threshold, forecast (when on) and consolidated orders and their groups, and the
 * comparison tolerates nothing it did not predict.
 *
 * @param leadTimeDays            shipping lead time the forecast must beat (streams default 7)
 * @param safetyMarginDays        added to the lead time (streams default 2)
 * @param consolidationWindowDays 0: no consolidation; above 0, when a slot is due, the printer's other
 *                                slots whose forecast runs out within lead + safety + window are
 *                                ordered with it as one group
 * @param forecast                whether the streams forecast may order before the threshold, or
 *                                {@link Forecast#NOT_MODELLED}
 */
public record OracleSettings(int leadTimeDays, int safetyMarginDays, int consolidationWindowDays, Forecast forecast) {
    /** The streams forecast as the oracle sees it. */
    public enum Forecast {
        /** Not modelled: threshold orders only, forecast and consolidated orders tolerated. */
        NOT_MODELLED,
        /** Modelled, on (the streams default). */
        ON,
        /** Modelled, off: only the threshold orders (and consolidation members) are due. */
        OFF
    }

    public static final int DEFAULT_LEAD_TIME_DAYS = 7;
    public static final int DEFAULT_SAFETY_MARGIN_DAYS = 2;

    public OracleSettings {
        if (forecast == null) {
            forecast = Forecast.NOT_MODELLED;
        }
        if (leadTimeDays < 0 || safetyMarginDays < 0 || consolidationWindowDays < 0) {
            throw new IllegalArgumentException("lead time, safety margin and consolidation window must not be negative");
        }
        if (consolidationWindowDays > 0 && forecast == Forecast.NOT_MODELLED) {
            // Which report is due depends on the forecast, and every group is formed at a due report.
            throw new IllegalArgumentException("a consolidation window needs the forecast modelled (on or off)");
        }
    }

    /** Today's default: the threshold rule only, no consolidation, a tolerant comparison. */
    public static OracleSettings thresholdsOnly() {
        return new OracleSettings(DEFAULT_LEAD_TIME_DAYS, DEFAULT_SAFETY_MARGIN_DAYS, 0, Forecast.NOT_MODELLED);
    }

    /** The streams rules exactly, with these settings. */
    public static OracleSettings streams(int leadTimeDays, int safetyMarginDays, int consolidationWindowDays,
                                         boolean forecast) {
        return new OracleSettings(leadTimeDays, safetyMarginDays, consolidationWindowDays,
                forecast ? Forecast.ON : Forecast.OFF);
    }

    /** Whether the oracle predicts forecast and consolidated orders and groups (an exact comparison). */
    public boolean modelsStreams() {
        return forecast != Forecast.NOT_MODELLED;
    }

    public boolean forecastOn() {
        return forecast == Forecast.ON;
    }

    public boolean consolidates() {
        return consolidationWindowDays > 0;
    }

    /** Lead time plus safety margin: the forecast orders when a cartridge runs out before this. */
    public int horizonDays() {
        return leadTimeDays + safetyMarginDays;
    }

    /** One line for reports and logs. */
    public String describe() {
        if (!modelsStreams()) {
            return "thresholds only (forecast and consolidation not modelled)";
        }
        return "forecast " + (forecastOn() ? "on" : "off") + ", lead " + leadTimeDays + " + safety "
                + safetyMarginDays + " bd, consolidation " + (consolidates() ? consolidationWindowDays + " bd" : "off");
    }
}
