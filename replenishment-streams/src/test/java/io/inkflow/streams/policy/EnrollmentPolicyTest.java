package io.inkflow.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrollmentPolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private final SlotState ordered = new SlotState("c1", SlotStatus.ORDERED, 2, 5, true, true, true,
            new LevelSample(T0, 90), 7);
    private final PrinterState state = new PrinterState("S1", enrollment("e1", EnrollmentStatus.ACTIVE, T0),
            "imageclass-mf445dw", new DedupPosition(1, 40), T0, false, Map.of("K", ordered));

    @Test
    void statusChangeOfTheSameEnrollmentKeepsSlotsAndPosition() {
        EnrollmentPolicy.Change change = EnrollmentPolicy.apply(state,
                enrollment("e1", EnrollmentStatus.CANCELLED, T0.plusSeconds(1)));
        assertThat(change.activated()).isFalse();
        assertThat(change.state().activelyEnrolled()).isFalse();
        assertThat(change.state().slots()).isEqualTo(state.slots());
        assertThat(change.state().position()).isEqualTo(state.position());
    }

    @Test
    void newEnrollmentIdRearmsSlotsKeepsCartridgesAndActivates() {
        EnrollmentPolicy.Change change = EnrollmentPolicy.apply(state,
                enrollment("e2", EnrollmentStatus.ACTIVE, T0.plusSeconds(1)));
        assertThat(change.activated()).isTrue();
        SlotState slot = change.state().slots().get("K");
        assertThat(slot.status()).isEqualTo(SlotStatus.ARMED);
        assertThat(slot.depletionCycle()).isZero();
        assertThat(slot.lowSignalled()).isFalse();
        assertThat(slot.nonGenuineNotified()).isFalse();
        assertThat(slot.cartridgeId()).isEqualTo("c1");
        assertThat(slot.lastLevel()).isEqualTo(5);
        assertThat(slot.firstReading()).isEqualTo(ordered.firstReading());
        assertThat(change.state().position()).isEqualTo(new DedupPosition(1, 40));
    }

    @Test
    void reactivationActivatesButARepeatedActiveRecordDoesNot() {
        PrinterState cancelled = EnrollmentPolicy.apply(state,
                enrollment("e1", EnrollmentStatus.CANCELLED, T0.plusSeconds(1))).state();
        assertThat(EnrollmentPolicy.apply(cancelled, enrollment("e1", EnrollmentStatus.ACTIVE, T0.plusSeconds(2)))
                .activated()).isTrue();
        assertThat(EnrollmentPolicy.apply(state, enrollment("e1", EnrollmentStatus.ACTIVE, T0.plusSeconds(2)))
                .activated()).isFalse();
    }

    @Test
    void olderEnrollmentIsIgnoredAndTombstoneRemovesTheEnrollment() {
        EnrollmentPolicy.Change older = EnrollmentPolicy.apply(state,
                enrollment("e0", EnrollmentStatus.ACTIVE, T0.minusSeconds(1)));
        assertThat(older.state()).isSameAs(state);
        assertThat(older.activated()).isFalse();
        PrinterState removed = EnrollmentPolicy.apply(state, null).state();
        assertThat(removed.enrollment()).isNull();
        assertThat(removed.activelyEnrolled()).isFalse();
    }

    private static Enrollment enrollment(String id, EnrollmentStatus status, Instant at) {
        return new Enrollment(id, "S1", "imageclass-mf445dw", "acct", Channel.CANON, status, at);
    }
}
