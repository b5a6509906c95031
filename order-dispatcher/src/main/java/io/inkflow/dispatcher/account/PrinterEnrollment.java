package io.inkflow.dispatcher.account;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import java.time.Instant;

/** One enrollment of a printer to an account, as stored. */
public record PrinterEnrollment(String enrollmentId, String serial, String model, String accountId, Channel channel,
                                EnrollmentStatus status, Instant enrolledAt, Instant updatedAt) {

    /** The message for the compacted enrollments topic. */
    public Enrollment toMessage() {
        return new Enrollment(enrollmentId, serial, model, accountId, channel, status, updatedAt);
    }

    public PrinterEnrollment withStatus(EnrollmentStatus newStatus, Instant at) {
        return new PrinterEnrollment(enrollmentId, serial, model, accountId, channel, newStatus, enrolledAt, at);
    }
}
