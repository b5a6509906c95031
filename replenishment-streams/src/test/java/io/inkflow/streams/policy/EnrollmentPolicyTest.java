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
    private final SlotState ordered = new SlotState("c1", SlotStatus.ORDERED, 2, 5, true, false,
            new LevelSample(T0, 5), 1);
    private final PrinterState state = new PrinterState("S1", enrollment("e1", EnrollmentStatus.ACTIVE, T0),
            new DedupPosition(1, 40), T0, false, Map.of("K", ordered));

    @Test
    void statusChangeOfTheSameEnrollmentKeepsSlotsAndPosition() {
        PrinterState next = EnrollmentPolicy.apply(state, enrollment("e1", EnrollmentStatus.CANCELLED, T0.plusSeconds(1)));
        assertThat(next.activelyEnrolled()).isFalse();
        assertThat(next.slots()).isEqualTo(state.slots());
        assertThat(next.position()).isEqualTo(state.position());
    }

    @Test
    void newEnrollmentIdClearsSlotsButKeepsThePrintersPosition() {
        PrinterState next = EnrollmentPolicy.apply(state, enrollment("e2", EnrollmentStatus.ACTIVE, T0.plusSeconds(1)));
        assertThat(next.slots()).isEmpty();
        assertThat(next.position()).isEqualTo(new DedupPosition(1, 40));
        assertThat(next.enrollment().enrollmentId()).isEqualTo("e2");
    }

    @Test
    void olderEnrollmentIsIgnoredAndTombstoneRemovesTheEnrollment() {
        assertThat(EnrollmentPolicy.apply(state, enrollment("e0", EnrollmentStatus.ACTIVE, T0.minusSeconds(1))))
                .isSameAs(state);
        PrinterState removed = EnrollmentPolicy.apply(state, null);
        assertThat(removed.enrollment()).isNull();
        assertThat(removed.activelyEnrolled()).isFalse();
    }

    private static Enrollment enrollment(String id, EnrollmentStatus status, Instant at) {
        return new Enrollment(id, "S1", "imageclass-mf445dw", "acct", Channel.CANON, status, at);
    }
}
