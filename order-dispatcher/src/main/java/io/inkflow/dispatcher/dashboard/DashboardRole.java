package io.inkflow.dispatcher.dashboard;

/** The API roles as the dashboard sees them: fulfilment may watch, admin may also act. */
public enum DashboardRole {
    CUSTOMER, FULFILMENT, ADMIN;

    public boolean canView() {
        return this == FULFILMENT || this == ADMIN;
    }

    public boolean canAct() {
        return this == ADMIN;
    }
}
