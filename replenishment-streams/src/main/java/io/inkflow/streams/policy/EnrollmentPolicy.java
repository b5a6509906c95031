package io.inkflow.streams.policy;

import io.inkflow.schemas.Enrollment;
import java.util.Map;

/**
 * Applies an enrollment change to a printer's state. A new enrollment id (first enrollment, or a new
 * owner after deactivation) starts the slots fresh, so depletion cycles restart at 1 under the new
 * id; a status change of the same enrollment keeps them. The dedup position belongs to the printer,
 * not the owner, and is always kept.
 */
public final class EnrollmentPolicy {
    private EnrollmentPolicy() {
    }

    /** @param next the new enrollment, or null for a tombstone (the printer is no longer enrolled) */
    public static PrinterState apply(PrinterState state, Enrollment next) {
        Enrollment current = state.enrollment();
        if (next == null) {
            return state.withEnrollment(null, state.slots());
        }
        if (current != null && next.updatedAt().isBefore(current.updatedAt())) {
            // A late copy of an older enrollment must not undo a newer one.
            return state;
        }
        if (current == null || !current.enrollmentId().equals(next.enrollmentId())) {
            return state.withEnrollment(next, Map.of());
        }
        return state.withEnrollment(next, state.slots());
    }
}
