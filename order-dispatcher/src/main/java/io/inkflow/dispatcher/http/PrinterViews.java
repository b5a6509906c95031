package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.PrinterEnrollment;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.EnrollmentStatus;
import java.time.Instant;

/** The printer shapes of the API. */
final class PrinterViews {
    private PrinterViews() {
    }

    /** An enrollment in a list. */
    record Printer(String serial, String model, Channel channel, String enrollmentId, EnrollmentStatus status,
                   Instant enrolledAt) {
        static Printer of(PrinterEnrollment e) {
            return new Printer(e.serial(), e.model(), e.channel(), e.enrollmentId(), e.status(), e.enrolledAt());
        }
    }

    /** The answer to an enrollment; {@code deviceSecret} is null in an idempotent replay. */
    record Enrolled(String serial, String model, Channel channel, String enrollmentId, EnrollmentStatus status,
                    Instant enrolledAt, String deviceSecret) {
        static Enrolled of(PrinterEnrollment e, String deviceSecret) {
            return new Enrolled(e.serial(), e.model(), e.channel(), e.enrollmentId(), e.status(), e.enrolledAt(),
                    deviceSecret);
        }

        @Override
        public String toString() {
            return "Enrolled[serial=" + serial + ", enrollmentId=" + enrollmentId + ", deviceSecret=<redacted>]";
        }
    }
}
