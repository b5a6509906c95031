package io.inkflow.simulator.backtest;

/**
 * The figures of one policy over a trace.
 *
 * @param policy                   the policy's name
 * @param description              its threshold, forecast and window in words
 * @param orders                   cartridges ordered
 * @param parcels                  shipments (several cartridges share one only under a consolidation window)
 * @param parcelsPerThousand       parcels per 1,000 cartridges ordered
 * @param stockOuts                times a cartridge ran empty before its replacement arrived
 * @param stockOutDays             days spent empty waiting for a replacement, summed over cartridges
 *                                 (up to the end of the trace for one still on its way)
 * @param arrivals                 replacements that arrived before the end of the trace
 * @param inkLeftMeanPercent       mean level of the cartridge being replaced when its replacement
 *                                 arrived (0 when it was empty), null without arrivals
 * @param inkLeftMedianPercent     median of the same
 * @param inTransitAtEnd           replacements still on their way at the end of the trace
 */
public record PolicyResult(String policy, String description, long orders, long parcels, double parcelsPerThousand,
                           long stockOuts, double stockOutDays, long arrivals, Double inkLeftMeanPercent,
                           Double inkLeftMedianPercent, long inTransitAtEnd) {
}
