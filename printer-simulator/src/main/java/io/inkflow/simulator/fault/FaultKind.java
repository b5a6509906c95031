package io.inkflow.simulator.fault;

/** Faults the simulator can inject, each with its own rate in {@link FaultRates}. */
public enum FaultKind {
    /** The same report published again with the DUP flag set (per report). */
    DUP_REDELIVERY("dup"),
    /** The same report published again as a fresh PUBLISH with a new packet id (per report). */
    RESEND("resend"),
    /** A report held back and published after its successor (per report, only when decision-neutral). */
    REORDER("reorder"),
    /** Many printers dropping their TCP connection at once and reconnecting (storms per real minute). */
    RECONNECT_STORM("storm"),
    /** An unparsable or schema-invalid payload on the printer's own topic (per report). */
    MALFORMED_PAYLOAD("malformed"),
    /** The printer's clock is off by up to {@code maxSkew} (share of printers). */
    CLOCK_SKEW("skew"),
    /** A cartridge put in is not genuine and must never be ordered (share of cartridges). */
    NON_GENUINE("non-genuine"),
    /** A publish on another printer's topic or an unknown topic (per report). */
    WRONG_TOPIC("wrong-topic"),
    /** A connection attempt with the printer's serial and a wrong secret (per report). */
    WRONG_CREDENTIAL("wrong-credential");

    private final String key;

    FaultKind(String key) {
        this.key = key;
    }

    /** The name used on the command line, for example {@code wrong-topic}. */
    public String key() {
        return key;
    }

    public static FaultKind fromKey(String key) {
        for (FaultKind kind : values()) {
            if (kind.key.equals(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown fault '" + key + "'; known: dup, resend, reorder, storm, "
                + "malformed, skew, non-genuine, wrong-topic, wrong-credential");
    }
}
