package io.inkflow.streams.policy;

/**
 * The newest report accepted for a printer. Boot epochs only grow (the printer increments its epoch
 * whenever it restarts its sequence numbering), so the pair orders reports totally.
 */
public record DedupPosition(long bootEpoch, long sequence) {

    /** Classifies a report against the position held; {@code current} is null before the first report. */
    public static Freshness classify(DedupPosition current, long bootEpoch, long sequence) {
        if (current == null) {
            return Freshness.FIRST;
        }
        if (bootEpoch > current.bootEpoch) {
            return Freshness.NEW_BOOT;
        }
        if (bootEpoch < current.bootEpoch) {
            return Freshness.OLD_BOOT;
        }
        if (sequence > current.sequence) {
            return Freshness.NEWER;
        }
        return sequence == current.sequence ? Freshness.REPEAT : Freshness.OUT_OF_ORDER;
    }
}
