package io.inkflow.dispatcher.account;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels an account's replenishment plan: no new orders (every enrollment CANCELLED and
 * {@code accounts.plan_status} CANCELLED), orders already created still ship. Runs in the caller's
 * transaction.
 */
public final class PlanService {
    private static final Logger log = LoggerFactory.getLogger(PlanService.class);

    private final AccountStore accounts;
    private final EnrollmentService enrollments;

    public PlanService(AccountStore accounts, EnrollmentService enrollments) {
        this.accounts = accounts;
        this.enrollments = enrollments;
    }

    public CancelPlanResult cancel(Connection c, String accountId, List<String> reasons, String comment, Instant now)
            throws SQLException {
        Optional<PlanStatus> plan = accounts.lock(c, accountId);
        if (plan.isEmpty()) {
            return new CancelPlanResult.AccountNotFound();
        }
        if (plan.get() == PlanStatus.CANCELLED) {
            return new CancelPlanResult.AlreadyCancelled();
        }
        List<PrinterEnrollment> cancelled = enrollments.cancelAll(c, accountId, "PLAN_CANCELLED", now);
        accounts.setPlanStatus(c, accountId, PlanStatus.CANCELLED, now);
        long cancellationId = accounts.recordCancellation(c, accountId, reasons, comment, now);
        log.info("Plan cancelled [accountId={}, enrollments={}, reasons={}]", accountId, cancelled.size(), reasons);
        return new CancelPlanResult.Cancelled(cancelled.size(), cancellationId);
    }
}
