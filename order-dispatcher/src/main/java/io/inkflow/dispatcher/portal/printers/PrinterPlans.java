package io.inkflow.dispatcher.portal.printers;

import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.account.PrinterEnrollment;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cancelling the plan of one printer (with reasons and a comment, confirmed by e-mail) and deactivating a
 * printer that was sold or returned. Both run in the caller's transaction through {@link EnrollmentService},
 * so the enrollment change, its outbox record, the reasons and the e-mail commit together.
 */
public final class PrinterPlans {
    /** Why a customer cancels, as offered on the page (code to text). */
    public static final Map<String, String> CANCEL_REASONS = ordered(
            "PRINT_LESS", "I print less than before",
            "TOO_EXPENSIVE", "The supplies cost too much",
            "BUY_ELSEWHERE", "I prefer to buy supplies myself",
            "TOO_EARLY", "Supplies arrive too early or too late",
            "PRINTER_ISSUE", "My printer has a problem",
            "OTHER", "Another reason");
    /** Why a printer leaves the account. */
    public static final Map<String, String> DEACTIVATE_REASONS = ordered(
            "SOLD", "I sold or gave away the printer",
            "RETURNED", "I returned the printer",
            "REPLACED", "I replaced or recycled the printer");

    private final EnrollmentService enrollments;
    private final NotificationOutbox notifications;
    private final ModelCatalog catalog;

    public PrinterPlans(EnrollmentService enrollments, NotificationOutbox notifications, ModelCatalog catalog) {
        this.enrollments = enrollments;
        this.notifications = notifications;
        this.catalog = catalog;
    }

    /** Empty when the account holds no ACTIVE registration of the serial. */
    public Optional<PrinterEnrollment> cancel(Connection c, String accountId, String serial, List<String> reasons,
                                              String comment, Instant now) throws SQLException {
        Optional<PrinterEnrollment> cancelled = enrollments.cancel(c, accountId, serial, "PRINTER_PLAN_CANCELLED", now);
        if (cancelled.isEmpty()) {
            return cancelled;
        }
        PrinterEnrollment enrollment = cancelled.get();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO printer_plan_cancellations (enrollment_id, account_id, reasons, comment, cancelled_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            Array array = c.createArrayOf("text", reasons.toArray());
            insert.setString(1, enrollment.enrollmentId());
            insert.setString(2, accountId);
            insert.setArray(3, array);
            insert.setString(4, comment);
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
        notifications.enqueue(c, new NotificationOutbox.Request(NotificationKind.PRINTER_PLAN_CANCELLED,
                "printer-plan-cancelled:" + enrollment.enrollmentId(), accountId, null,
                Map.of("serial", serial, "model", modelName(enrollment.model()), "reasons", String.join(", ", reasons))));
        return cancelled;
    }

    /** Empty when the account holds no current registration of the serial. */
    public Optional<PrinterEnrollment> deactivate(Connection c, String accountId, String serial, String reason,
                                                  Instant now) throws SQLException {
        Optional<PrinterEnrollment> deactivated = enrollments.deactivate(c, accountId, serial, reason, now);
        if (deactivated.isPresent()) {
            notifications.enqueue(c, new NotificationOutbox.Request(NotificationKind.PRINTER_DEACTIVATED,
                    "printer-deactivated:" + deactivated.get().enrollmentId(), accountId, null,
                    Map.of("serial", serial, "model", modelName(deactivated.get().model()))));
        }
        return deactivated;
    }

    private String modelName(String model) {
        return catalog.find(model).map(CatalogEntry::displayName).orElse(model);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
