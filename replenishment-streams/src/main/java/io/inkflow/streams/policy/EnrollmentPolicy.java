package io.inkflow.streams.policy;

import io.inkflow.schemas.Enrollment;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies an enrollment change to a printer's state. A new enrollment id (first enrollment, or a new
 * owner after deactivation) starts the slots' ordering fresh: every slot armed, depletion cycles from
 * 1 under the new id, no notification yet; the cartridges themselves and their history stay, they are
 * still in the printer. A status change of the same enrollment keeps everything. The dedup position
 * belongs to the printer, not the owner, and is always kept.
 */
public final class EnrollmentPolicy {
    private EnrollmentPolicy() {
    }

    /** The state after the change, and whether the printer just became actively enrolled. */
    public record Change(PrinterState state, boolean activated) {
    }

    /** @param next the new enrollment, or null for a tombstone (the printer is no longer enrolled) */
    public static Change apply(PrinterState state, Enrollment next) {
        Enrollment current = state.enrollment();
        if (next == null) {
            return new Change(state.withEnrollment(null, state.slots()), false);
        }
        if (current != null && next.updatedAt().isBefore(current.updatedAt())) {
            // A late copy of an older enrollment must not undo a newer one.
            return new Change(state, false);
        }
        boolean sameEnrollment = current != null && current.enrollmentId().equals(next.enrollmentId());
        boolean activated = next.active() && !(sameEnrollment && current.active());
        if (sameEnrollment) {
            return new Change(state.withEnrollment(next, state.slots()), activated);
        }
        Map<String, SlotState> fresh = new HashMap<>();
        state.slots().forEach((slot, slotState) -> fresh.put(slot, slotState.forNewEnrollment()));
        return new Change(state.withEnrollment(next, fresh), activated);
    }
}
