package io.inkflow.schemas;

/** What made the streams application order. */
public enum OrderTrigger {
    /** The slot fell to its model's low-level threshold. */
    THRESHOLD,
    /** The forecast time to empty was shorter than the shipping lead time plus a safety margin. */
    FORECAST,
    /**
     * Not due yet, but forecast to run out within the consolidation window: ordered with another slot of
     * the same printer that was due, to share its parcel.
     */
    CONSOLIDATED
}
