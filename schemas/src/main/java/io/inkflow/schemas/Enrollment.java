package io.inkflow.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * Current enrollment of a printer, on the compacted topic {@link Topics#ENROLLMENTS} keyed by serial.
 * A new owner enrolling the same serial gets a new {@code enrollmentId}, which restarts the slot state.
 */
public record Enrollment(String enrollmentId, String serial, String model, String accountId, Channel channel,
                         EnrollmentStatus status, Instant updatedAt) {
    public Enrollment {
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean active() {
        return status == EnrollmentStatus.ACTIVE;
    }
}
