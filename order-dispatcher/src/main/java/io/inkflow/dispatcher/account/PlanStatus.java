package io.inkflow.dispatcher.account;

/** Whether an account's replenishment plan is running; stored in {@code accounts.plan_status}. */
public enum PlanStatus {
    ACTIVE, CANCELLED
}
