package io.inkflow.simulator.stats;

/** Failures the simulator counts. None of them is expected from a healthy system without faults. */
public enum ErrorKind {
    /** A printer's CONNECT failed (refused, timed out, or the server is unreachable). */
    CONNECT_FAILED,
    /** A printer's CONNECT was refused for its credentials (its own, correct ones). */
    CONNECT_NOT_AUTHORIZED,
    /** An established connection broke (not counting drops the simulator caused). */
    CONNECTION_LOST,
    /** A report's PUBLISH failed before its PUBACK (it is resent). */
    PUBLISH_FAILED,
    /** An MQTT 5 PUBACK carried a failure reason code. */
    PUBACK_REJECTED,
    /** A connection with a wrong secret was accepted: a security failure of the system under test. */
    WRONG_CREDENTIAL_ACCEPTED
}
