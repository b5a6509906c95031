package io.inkflow.dispatcher.account;

/** The outcome of an enrollment request. */
public sealed interface EnrollResult {

    /** Enrolled; {@code deviceSecret} is the printer's MQTT password, shown to the customer once. */
    record Enrolled(PrinterEnrollment enrollment, String deviceSecret) implements EnrollResult {
        @Override
        public String toString() {
            return "Enrolled[enrollment=" + enrollment + ", deviceSecret=<redacted>]";
        }
    }

    /** The model is not in the catalog. */
    record UnknownModel(String model) implements EnrollResult {
    }

    /** The model is in the catalog but not eligible for the plan. */
    record ModelNotEligible(String model) implements EnrollResult {
    }

    record AccountNotFound() implements EnrollResult {
    }

    /** The serial has a current enrollment (active, or plan-cancelled but not deactivated). */
    record SerialAlreadyEnrolled(boolean byThisAccount) implements EnrollResult {
    }
}
