package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.ingest.RecordReader.Read;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.SchemaValidator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each printer's latest levels from {@code printer.status.v1} and activates an enrollment on the
 * first status that names it (the printer's first authenticated report under it): the activation row and
 * the activation e-mail are written on the consumer's transaction, so a replay activates nothing twice.
 * An older status never overwrites a newer one, and a newer one ends the printer's silence (the quiet mark
 * of {@code QuietPrinterSweep}; a replay of the same report does not). A record that is not a readable
 * status is a dead letter.
 */
public final class PrinterStatusWriter implements BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(PrinterStatusWriter.class);

    private final RecordReader<PrinterStatus> reader;
    private final ModelCatalog catalog;
    private final NotificationOutbox notifications;
    private final Clock clock;
    private final DispatcherMetrics metrics;

    public PrinterStatusWriter(SchemaValidator validator, ModelCatalog catalog, NotificationOutbox notifications,
                               Clock clock, DispatcherMetrics metrics) {
        this.reader = new RecordReader<>(MessageSchema.PRINTER_STATUS, PrinterStatus.class, validator);
        this.catalog = catalog;
        this.notifications = notifications;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public DispatcherMetrics.Source source() {
        return DispatcherMetrics.Source.PRINTER_STATUS;
    }

    @Override
    public List<DeadLetter> handle(Connection c, List<InboundRecord> records) throws SQLException {
        List<DeadLetter> refused = new ArrayList<>();
        List<Read.Ok<PrinterStatus>> readable = new ArrayList<>();
        for (InboundRecord record : records) {
            switch (reader.read(record)) {
                case Read.Refused<PrinterStatus> r -> refused.add(r.letter());
                case Read.Ok<PrinterStatus> ok -> readable.add(ok);
            }
        }
        PoisonIsolation.Outcome<Read.Ok<PrinterStatus>> outcome = PoisonIsolation.write(c, readable, this::store);
        refused.addAll(outcome.deadLetters(Read.Ok::record));
        metrics.countPrintersActivated(outcome.written());
        return refused;
    }

    /** Stores the latest status of each printer and activates what the statuses name; returns the activations. */
    private int store(Connection c, List<Read.Ok<PrinterStatus>> statuses) throws SQLException {
        Map<String, PrinterStatus> latest = new LinkedHashMap<>();
        List<PrinterStatus> naming = new ArrayList<>();
        for (Read.Ok<PrinterStatus> read : statuses) {
            PrinterStatus status = read.message();
            latest.merge(status.serial(), status, (a, b) -> b.reportedAt().isBefore(a.reportedAt()) ? a : b);
            if (status.enrollmentId() != null) {
                naming.add(status);
            }
        }
        Instant now = clock.instant();
        upsertAll(c, latest.values(), now);
        // Nearly every status names an enrollment activated long ago: one query finds those, and only the
        // rest are tried one by one. Printers report their status in waves, and the wave's transaction also
        // holds the orders that arrived with it (issue 14: the dispatcher hop's tail).
        Set<String> activated = alreadyActivated(c, naming);
        List<NotificationOutbox.Request> mails = new ArrayList<>();
        for (PrinterStatus status : naming) {
            if (activated.contains(status.enrollmentId())) {
                continue;
            }
            String accountId = activate(c, status, now);
            if (accountId != null) {
                mails.add(activationMail(status, accountId));
            }
        }
        notifications.enqueueAll(c, mails);
        return mails.size();
    }

    private static Set<String> alreadyActivated(Connection c, List<PrinterStatus> naming) throws SQLException {
        if (naming.isEmpty()) {
            return Set.of();
        }
        String[] ids = naming.stream().map(PrinterStatus::enrollmentId).distinct().toArray(String[]::new);
        try (PreparedStatement select = c.prepareStatement(
                "SELECT enrollment_id FROM enrollment_activations WHERE enrollment_id = ANY (?)")) {
            select.setArray(1, c.createArrayOf("text", ids));
            Set<String> activated = new HashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    activated.add(rs.getString(1));
                }
            }
            return activated;
        }
    }

    /** One statement for all the batch's printers, sent as one batch rather than a round trip each. */
    private static void upsertAll(Connection c, Collection<PrinterStatus> statuses, Instant now) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO printer_status (serial, enrollment_id, model, reported_at, printer_time, supplies, received_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (serial) DO UPDATE SET enrollment_id = excluded.enrollment_id, model = excluded.model,
                    reported_at = excluded.reported_at, printer_time = excluded.printer_time,
                    supplies = excluded.supplies, received_at = excluded.received_at,
                    quiet_noticed_at = CASE WHEN excluded.reported_at > printer_status.reported_at THEN NULL
                                            ELSE printer_status.quiet_noticed_at END
                WHERE printer_status.reported_at <= excluded.reported_at""")) {
            Timestamp receivedAt = Timestamp.from(now);
            for (PrinterStatus status : statuses) {
                upsert.setString(1, status.serial());
                upsert.setString(2, status.enrollmentId());
                upsert.setString(3, status.model());
                upsert.setTimestamp(4, Timestamp.from(status.reportedAt()));
                upsert.setTimestamp(5, Timestamp.from(status.printerTime()));
                upsert.setString(6, Json.mapper().valueToTree(status.supplies()).toString());
                upsert.setTimestamp(7, receivedAt);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The account whose current ACTIVE enrollment the status activated now; null when none or already. */
    private static String activate(Connection c, PrinterStatus status, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO enrollment_activations (enrollment_id, serial, first_report_at, activated_at)
                SELECT e.enrollment_id, e.serial, ?, ? FROM enrollments e
                WHERE e.enrollment_id = ? AND e.serial = ? AND e.status = 'ACTIVE' AND e.ended_at IS NULL
                ON CONFLICT (enrollment_id) DO NOTHING
                RETURNING (SELECT account_id FROM enrollments WHERE enrollment_id = ?)""")) {
            insert.setTimestamp(1, Timestamp.from(status.reportedAt()));
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setString(3, status.enrollmentId());
            insert.setString(4, status.serial());
            insert.setString(5, status.enrollmentId());
            try (ResultSet rs = insert.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                log.info("Printer activated [serial={}, enrollmentId={}]", status.serial(), status.enrollmentId());
                return rs.getString(1);
            }
        }
    }

    private NotificationOutbox.Request activationMail(PrinterStatus status, String accountId) {
        String model = catalog.find(status.model()).map(CatalogEntry::displayName).orElse(status.model());
        return new NotificationOutbox.Request(NotificationKind.PRINTER_ACTIVATED,
                "printer-activated:" + status.enrollmentId(), accountId, null, Map.of("serial", status.serial(),
                "model", model));
    }
}
