package io.inkflow.dispatcher.quiet;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.portal.view.Dates;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the printers that went quiet and tells their owners, once per silence. A printer is quiet when its
 * current enrollment is ACTIVE and its last status ({@code printer_status.reported_at}) is older than the quiet
 * period; the sweep marks it ({@code quiet_noticed_at}) and writes the {@link NotificationKind#PRINTER_QUIET}
 * mail in one transaction. Rows are taken with SKIP LOCKED and marked only while unmarked, so dispatchers
 * sweeping at the same time mail each silence once; the mail's dedupe key (enrollment and last report) holds
 * that line too. A newer report clears the mark (ingest.PrinterStatusWriter), so the next silence mails again.
 *
 * <p>When no printer at all has reported for a day, the status feed is down or behind (the streams application,
 * or this dispatcher catching up after an outage), not every printer: nothing is marked until it flows again.
 */
public final class QuietPrinterSweep {
    private static final Logger log = LoggerFactory.getLogger(QuietPrinterSweep.class);
    /** The status feed counts as flowing while some printer reported within this long. */
    static final Duration FEED_FRESHNESS = Duration.ofDays(1);
    private static final int BATCH = 500;

    private final ModelCatalog catalog;
    private final NotificationOutbox notifications;
    private final Clock clock;
    private final Duration quietAfter;
    private final DispatcherMetrics metrics;

    public QuietPrinterSweep(ModelCatalog catalog, NotificationOutbox notifications, Clock clock, Duration quietAfter,
                             DispatcherMetrics metrics) {
        this.catalog = catalog;
        this.notifications = notifications;
        this.clock = clock;
        this.quietAfter = quietAfter;
        this.metrics = metrics;
    }

    /** Marks and mails the printers that went quiet since the last sweep (up to a batch); returns how many. */
    public int sweep(Connection c) throws SQLException {
        Instant now = clock.instant();
        if (!feedFlowing(c, now)) {
            return 0;
        }
        Timestamp cutoff = Timestamp.from(now.minus(quietAfter));
        List<NotificationOutbox.Request> mails = new ArrayList<>();
        try (PreparedStatement mark = c.prepareStatement("""
                UPDATE printer_status s SET quiet_noticed_at = ?
                FROM enrollments e
                WHERE s.serial IN (
                        SELECT q.serial FROM printer_status q
                        JOIN enrollments n ON n.enrollment_id = q.enrollment_id AND n.serial = q.serial
                        WHERE q.reported_at < ? AND q.quiet_noticed_at IS NULL
                          AND n.status = 'ACTIVE' AND n.ended_at IS NULL
                        ORDER BY q.reported_at LIMIT ? FOR UPDATE OF q SKIP LOCKED)
                  AND e.enrollment_id = s.enrollment_id AND s.reported_at < ? AND s.quiet_noticed_at IS NULL
                RETURNING s.serial, s.enrollment_id, s.model, s.reported_at, e.account_id""")) {
            mark.setTimestamp(1, Timestamp.from(now));
            mark.setTimestamp(2, cutoff);
            mark.setInt(3, BATCH);
            mark.setTimestamp(4, cutoff);
            try (ResultSet rs = mark.executeQuery()) {
                while (rs.next()) {
                    mails.add(mail(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getString(5)));
                }
            }
        }
        notifications.enqueueAll(c, mails);
        metrics.countQuietPrintersNoticed(mails.size());
        return mails.size();
    }

    private static boolean feedFlowing(Connection c, Instant now) throws SQLException {
        try (PreparedStatement newest = c.prepareStatement("SELECT max(reported_at) FROM printer_status");
             ResultSet rs = newest.executeQuery()) {
            Timestamp latest = rs.next() ? rs.getTimestamp(1) : null;
            boolean flowing = latest != null && latest.toInstant().isAfter(now.minus(FEED_FRESHNESS));
            if (!flowing) {
                log.debug("No printer status for a day, quiet printers not marked [latestReport={}]", latest);
            }
            return flowing;
        }
    }

    /** One mail per silence: the key names the enrollment and the report the silence began after. */
    private NotificationOutbox.Request mail(String serial, String enrollmentId, String model, Instant lastReport,
                                            String accountId) {
        log.info("Printer went quiet, owner told [serial={}, enrollmentId={}, lastReportAt={}]", serial, enrollmentId,
                lastReport);
        String modelName = catalog.find(model).map(CatalogEntry::displayName).orElse(model);
        return new NotificationOutbox.Request(NotificationKind.PRINTER_QUIET,
                "printer-quiet:" + enrollmentId + ":" + lastReport.toEpochMilli(), accountId, null, Map.of(
                "serial", serial, "model", modelName, "lastReport", Dates.time(lastReport),
                "days", String.valueOf(quietAfter.toDays())));
    }
}
