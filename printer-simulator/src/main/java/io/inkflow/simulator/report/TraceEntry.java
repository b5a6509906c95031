package io.inkflow.simulator.report;

import java.time.Instant;

/**
 * One line of a JSON Lines trace: something a printer published.
 *
 * @param atMillis real milliseconds since the run started (replay keeps these gaps, scaled)
 * @param simTime  simulated time when it was published
 * @param serial   the publishing printer (its credentials are used on replay)
 * @param topic    MQTT topic
 * @param kind     what it was
 * @param dup      whether the DUP flag was set
 * @param payload  the exact payload, as UTF-8 text (malformed ones are text too)
 */
public record TraceEntry(long atMillis, Instant simTime, String serial, String topic, Kind kind, boolean dup,
                         String payload) {
    public enum Kind { REPORT, DUPLICATE, MALFORMED, WRONG_TOPIC }
}
