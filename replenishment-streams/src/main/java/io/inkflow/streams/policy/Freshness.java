package io.inkflow.streams.policy;

/** How a report's (bootEpoch, sequence) compares with the newest one already accepted for its printer. */
public enum Freshness {
    /** The first report ever seen for the printer. */
    FIRST,
    /** Same boot epoch, higher sequence. */
    NEWER,
    /** A higher boot epoch: the printer restarted its numbering, any sequence is accepted. */
    NEW_BOOT,
    /** Exactly the newest accepted report again (MQTT redelivery, resend, gateway retry). */
    REPEAT,
    /** Same boot epoch, lower sequence: older than the newest accepted, must not move state backwards. */
    OUT_OF_ORDER,
    /** A lower boot epoch: a late report from before the printer's last restart. */
    OLD_BOOT;

    public boolean accepted() {
        return this == FIRST || this == NEWER || this == NEW_BOOT;
    }
}
