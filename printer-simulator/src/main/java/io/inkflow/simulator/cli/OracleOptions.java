package io.inkflow.simulator.cli;

import io.inkflow.simulator.oracle.OracleSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The replenishment-streams settings the oracle mirrors; shared by run, record, replay and verify. None
 * given: the oracle expects threshold orders only and the comparison tolerates forecast and consolidated
 * orders ahead of them (as before the oracle modelled the forecast). Any given: it models the streams
 * exactly, the others taking the streams defaults, except the window, which is 0 unless given.
 */
public final class OracleOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--consolidation-window", paramLabel = "<business days>",
            description = "The streams consolidation window W; 0 = off (default: not modelled, or 0 when another "
                    + "oracle option is given). Implies --forecast on unless given.")
    Integer window;

    @Option(names = "--lead-time", paramLabel = "<business days>",
            description = "The streams lead time L (default 7 when modelled).")
    Integer leadTime;

    @Option(names = "--safety-margin", paramLabel = "<business days>",
            description = "The streams safety margin S (default 2 when modelled).")
    Integer safetyMargin;

    @Option(names = "--forecast", paramLabel = "on|off",
            description = "Whether the streams forecast orders before the threshold (default: not modelled, or on "
                    + "when another oracle option is given).")
    String forecast;

    /** Whether any oracle option was given. */
    public boolean given() {
        return window != null || leadTime != null || safetyMargin != null || forecast != null;
    }

    public OracleSettings settings() {
        if (!given()) {
            return OracleSettings.thresholdsOnly();
        }
        try {
            return OracleSettings.streams(
                    leadTime != null ? leadTime : OracleSettings.DEFAULT_LEAD_TIME_DAYS,
                    safetyMargin != null ? safetyMargin : OracleSettings.DEFAULT_SAFETY_MARGIN_DAYS,
                    window != null ? window : 0,
                    forecast == null || onOff(forecast));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--forecast must be on or off, was '" + value + "'");
        };
    }
}
