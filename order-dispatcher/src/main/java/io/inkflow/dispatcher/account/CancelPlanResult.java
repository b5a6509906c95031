package io.inkflow.dispatcher.account;

/** The outcome of a plan cancellation. */
public sealed interface CancelPlanResult {

    /** The plan is cancelled; {@code enrollmentsCancelled} enrollments went from ACTIVE to CANCELLED. */
    record Cancelled(int enrollmentsCancelled) implements CancelPlanResult {
    }

    record AccountNotFound() implements CancelPlanResult {
    }

    record AlreadyCancelled() implements CancelPlanResult {
    }
}
