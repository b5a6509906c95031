package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.PrinterEnrollment;
import io.inkflow.dispatcher.portal.view.PrinterView;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.EnrollmentStatus;
import java.time.Instant;

/**
 * The printer shapes of the API. The last report and the quiet state come from the customer pages' view of the
 * enrollment ({@code portal.printers.CustomerPrinters}); an enrollment without one (ended, or just enrolled) has
 * not reported under this registration and is not quiet.
 */
final class PrinterViews {
    private PrinterViews() {
    }

    /** An enrollment in a list; {@code current} is the pages' view of the same enrollment, null when none. */
    record Printer(String serial, String model, Channel channel, String enrollmentId, EnrollmentStatus status,
                   Instant enrolledAt, Instant lastReportAt, boolean quiet, Instant quietNoticedAt) {
        static Printer of(PrinterEnrollment e, PrinterView current) {
            return new Printer(e.serial(), e.model(), e.channel(), e.enrollmentId(), e.status(), e.enrolledAt(),
                    lastReportOf(current), quietOf(current), quietNoticedOf(current));
        }
    }

    /** The answer to an enrollment; {@code deviceSecret} is null in an idempotent replay. */
    record Enrolled(String serial, String model, Channel channel, String enrollmentId, EnrollmentStatus status,
                    Instant enrolledAt, Instant lastReportAt, boolean quiet, Instant quietNoticedAt,
                    String deviceSecret) {
        static Enrolled of(PrinterEnrollment e, PrinterView current, String deviceSecret) {
            return new Enrolled(e.serial(), e.model(), e.channel(), e.enrollmentId(), e.status(), e.enrolledAt(),
                    lastReportOf(current), quietOf(current), quietNoticedOf(current), deviceSecret);
        }

        @Override
        public String toString() {
            return "Enrolled[serial=" + serial + ", enrollmentId=" + enrollmentId + ", deviceSecret=<redacted>]";
        }
    }

    private static Instant lastReportOf(PrinterView current) {
        return current == null ? null : current.lastReportAt();
    }

    private static boolean quietOf(PrinterView current) {
        return current != null && current.quiet();
    }

    private static Instant quietNoticedOf(PrinterView current) {
        return current == null ? null : current.quietNoticedAt();
    }
}
