package io.inkflow.dispatcher.account;

import io.inkflow.dispatcher.outbox.OutboxWriter;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrolls and deactivates printers and cancels their plans. Every change of an enrollment or a
 * device credential appends its new state to the outbox ({@link Topics#ENROLLMENTS},
 * {@link Topics#CREDENTIALS}, keyed by serial) in the caller's transaction. Lock order: the account
 * row, then printer rows by serial.
 */
public final class EnrollmentService {
    private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);
    private static final String COLUMNS =
            "enrollment_id, serial, model, account_id, channel, status, enrolled_at, updated_at";

    private final ModelCatalog catalog;
    private final DeviceSecrets secrets;
    private final AccountStore accounts;
    private final CredentialStore credentials = new CredentialStore();

    public EnrollmentService(ModelCatalog catalog, DeviceSecrets secrets, AccountStore accounts) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.accounts = accounts;
    }

    /**
     * Enrolls an eligible model for the account and issues a new device secret. A serial that was
     * deactivated (by any owner) enrolls again under a new enrollment id; the owner of a plan-cancelled
     * serial may enroll it again, which also re-activates the account's plan.
     */
    public EnrollResult enroll(Connection c, String accountId, String serial, String model, Channel channel,
                               Instant now) throws SQLException {
        Optional<CatalogEntry> entry = catalog.find(model);
        if (entry.isEmpty()) {
            return new EnrollResult.UnknownModel(model);
        }
        if (!entry.get().eligible()) {
            return new EnrollResult.ModelNotEligible(model);
        }
        // The slow hash happens before any lock is taken.
        String secret = secrets.newSecret();
        String secretHash = secrets.hash(secret);

        Optional<PlanStatus> plan = accounts.lock(c, accountId);
        if (plan.isEmpty()) {
            return new EnrollResult.AccountNotFound();
        }
        lockPrinter(c, serial, model, now);
        Optional<PrinterEnrollment> current = current(c, serial);
        if (current.isPresent()) {
            PrinterEnrollment held = current.get();
            boolean mine = held.accountId().equals(accountId);
            if (!mine || held.status() == EnrollmentStatus.ACTIVE) {
                return new EnrollResult.SerialAlreadyEnrolled(mine);
            }
            end(c, held.enrollmentId(), "RE_ENROLLED", now);
        }
        PrinterEnrollment enrollment = new PrinterEnrollment(Ids.random("enr"), serial, model, accountId, channel,
                EnrollmentStatus.ACTIVE, now, now);
        insert(c, enrollment);
        recordEvent(c, enrollment.enrollmentId(), EnrollmentStatus.ACTIVE, null, now);
        credentials.revoke(c, serial, now);
        if (plan.get() == PlanStatus.CANCELLED) {
            accounts.setPlanStatus(c, accountId, PlanStatus.ACTIVE, now);
        }
        OutboxWriter.append(c, Topics.ENROLLMENTS, serial, enrollment.toMessage(), now);
        credentials.issue(c, serial, enrollment.enrollmentId(), secretHash, now);
        log.info("Printer enrolled [serial={}, model={}, channel={}, accountId={}, enrollmentId={}]",
                serial, model, channel, accountId, enrollment.enrollmentId());
        return new EnrollResult.Enrolled(enrollment, secret);
    }

    /**
     * Replaces the device secret of a printer the account holds (a lost secret): the old credential is
     * revoked, a new one issued; the enrollment stays as it is. Empty when the account holds no current
     * enrollment of the serial.
     */
    public Optional<EnrollResult.Enrolled> rotateSecret(Connection c, String accountId, String serial, Instant now)
            throws SQLException {
        String secret = secrets.newSecret();
        String secretHash = secrets.hash(secret);
        if (accounts.lock(c, accountId).isEmpty() || !lockExistingPrinter(c, serial)) {
            return Optional.empty();
        }
        Optional<PrinterEnrollment> current = current(c, serial).filter(e -> e.accountId().equals(accountId));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        credentials.revoke(c, serial, now);
        credentials.issue(c, serial, current.get().enrollmentId(), secretHash, now);
        log.info("Device secret rotated [serial={}, accountId={}]", serial, accountId);
        return Optional.of(new EnrollResult.Enrolled(current.get(), secret));
    }

    /**
     * Deactivates the account's current enrollment of the serial (sold or returned printer) and
     * revokes its credential; empty when the account holds no current enrollment of that serial.
     */
    public Optional<PrinterEnrollment> deactivate(Connection c, String accountId, String serial, String reason,
                                                  Instant now) throws SQLException {
        if (accounts.lock(c, accountId).isEmpty() || !lockExistingPrinter(c, serial)) {
            return Optional.empty();
        }
        Optional<PrinterEnrollment> current = current(c, serial).filter(e -> e.accountId().equals(accountId));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        PrinterEnrollment deactivated = current.get().withStatus(EnrollmentStatus.DEACTIVATED, now);
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE enrollments SET status = 'DEACTIVATED', updated_at = ?, ended_at = ?, end_reason = ?
                WHERE enrollment_id = ?""")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, reason);
            update.setString(4, deactivated.enrollmentId());
            update.executeUpdate();
        }
        recordEvent(c, deactivated.enrollmentId(), EnrollmentStatus.DEACTIVATED, reason, now);
        OutboxWriter.append(c, Topics.ENROLLMENTS, serial, deactivated.toMessage(), now);
        credentials.revoke(c, serial, now);
        log.info("Printer deactivated [serial={}, accountId={}, enrollmentId={}]",
                serial, accountId, deactivated.enrollmentId());
        return Optional.of(deactivated);
    }

    /**
     * Sets every ACTIVE enrollment of the account CANCELLED (the plan was cancelled; the printers stay
     * with the account and keep their credentials). The caller holds the account lock.
     *
     * @return the enrollments cancelled
     */
    public List<PrinterEnrollment> cancelAll(Connection c, String accountId, String reason, Instant now)
            throws SQLException {
        List<PrinterEnrollment> active = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM enrollments WHERE account_id = ? AND status = 'ACTIVE' ORDER BY serial")) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    active.add(read(rs));
                }
            }
        }
        List<PrinterEnrollment> cancelled = new ArrayList<>();
        for (PrinterEnrollment enrollment : active) {
            lockExistingPrinter(c, enrollment.serial());
            cancelled.add(markCancelled(c, enrollment, reason, now));
        }
        return cancelled;
    }

    /**
     * Cancels the plan of one printer: the account's ACTIVE enrollment of the serial becomes CANCELLED (it
     * keeps its credential; orders already created still ship). Empty when the account holds no ACTIVE
     * enrollment of the serial.
     */
    public Optional<PrinterEnrollment> cancel(Connection c, String accountId, String serial, String reason,
                                              Instant now) throws SQLException {
        if (accounts.lock(c, accountId).isEmpty() || !lockExistingPrinter(c, serial)) {
            return Optional.empty();
        }
        Optional<PrinterEnrollment> current = current(c, serial)
                .filter(e -> e.accountId().equals(accountId) && e.status() == EnrollmentStatus.ACTIVE);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        log.info("Printer plan cancelled [serial={}, accountId={}]", serial, accountId);
        return Optional.of(markCancelled(c, current.get(), reason, now));
    }

    private static PrinterEnrollment markCancelled(Connection c, PrinterEnrollment enrollment, String reason,
                                                   Instant now) throws SQLException {
        PrinterEnrollment changed = enrollment.withStatus(EnrollmentStatus.CANCELLED, now);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE enrollments SET status = 'CANCELLED', updated_at = ? WHERE enrollment_id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, changed.enrollmentId());
            update.executeUpdate();
        }
        recordEvent(c, changed.enrollmentId(), EnrollmentStatus.CANCELLED, reason, now);
        OutboxWriter.append(c, Topics.ENROLLMENTS, changed.serial(), changed.toMessage(), now);
        return changed;
    }

    /** The account's enrollments, newest first: current ones, or with {@code includeEnded} the whole history. */
    public List<PrinterEnrollment> list(Connection c, String accountId, boolean includeEnded) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM enrollments WHERE account_id = ?"
                + (includeEnded ? "" : " AND ended_at IS NULL") + " ORDER BY enrolled_at DESC, enrollment_id";
        List<PrinterEnrollment> result = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(read(rs));
                }
            }
        }
        return result;
    }

    private static void lockPrinter(Connection c, String serial, String model, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO printers (serial, model, first_enrolled_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (serial) DO NOTHING""")) {
            insert.setString(1, serial);
            insert.setString(2, model);
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
        lockExistingPrinter(c, serial);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE printers SET model = ?, updated_at = ? WHERE serial = ?")) {
            update.setString(1, model);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, serial);
            update.executeUpdate();
        }
    }

    private static boolean lockExistingPrinter(Connection c, String serial) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM printers WHERE serial = ? FOR UPDATE")) {
            select.setString(1, serial);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<PrinterEnrollment> current(Connection c, String serial) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM enrollments WHERE serial = ? AND ended_at IS NULL")) {
            select.setString(1, serial);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static void end(Connection c, String enrollmentId, String reason, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE enrollments SET ended_at = ?, end_reason = ? WHERE enrollment_id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, reason);
            update.setString(3, enrollmentId);
            update.executeUpdate();
        }
    }

    private static void insert(Connection c, PrinterEnrollment e) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO enrollments (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, e.enrollmentId());
            insert.setString(2, e.serial());
            insert.setString(3, e.model());
            insert.setString(4, e.accountId());
            insert.setString(5, e.channel().name());
            insert.setString(6, e.status().name());
            insert.setTimestamp(7, Timestamp.from(e.enrolledAt()));
            insert.setTimestamp(8, Timestamp.from(e.updatedAt()));
            insert.executeUpdate();
        }
    }

    private static void recordEvent(Connection c, String enrollmentId, EnrollmentStatus status, String reason,
                                    Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO enrollment_events (enrollment_id, status, reason, occurred_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, enrollmentId);
            insert.setString(2, status.name());
            insert.setString(3, reason);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private static PrinterEnrollment read(ResultSet rs) throws SQLException {
        return new PrinterEnrollment(rs.getString("enrollment_id"), rs.getString("serial"), rs.getString("model"),
                rs.getString("account_id"), Channel.valueOf(rs.getString("channel")),
                EnrollmentStatus.valueOf(rs.getString("status")), rs.getTimestamp("enrolled_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
