package io.inkflow.dispatcher.account;

/** The outcome of a plan cancellation. */
public sealed interface CancelPlanResult {

    /**
     * The plan is cancelled; {@code enrollmentsCancelled} enrollments went from ACTIVE to CANCELLED;
     * {@code cancellationId} identifies the recorded cancellation.
     */
    record Cancelled(int enrollmentsCancelled, long cancellationId) implements CancelPlanResult {
    }

    record AccountNotFound() implements CancelPlanResult {
    }

    record AlreadyCancelled() implements CancelPlanResult {
    }
}
