package io.inkflow.dispatcher.notify;

import java.util.Locale;

/** Every message the dispatcher sends; each has a template {@code templates/notifications/<name>.txt}. */
public enum NotificationKind {
    ORDER_CONFIRMATION, BACKORDER, SHIPMENT, PAYMENT_FAILED, ORDER_CANCELLED, NON_GENUINE_CARTRIDGE, PLAN_CANCELLED,
    // the customer pages (package portal, ingest.PrinterStatusWriter)
    EMAIL_VERIFICATION, PASSWORD_RESET, PASSWORD_CHANGED, EMAIL_CHANGED, PRINTER_ACTIVATED, PRINTER_PLAN_CANCELLED,
    PRINTER_DEACTIVATED, CANCELLATION_REQUESTED;

    public String templateResource() {
        return "templates/notifications/" + name().toLowerCase(Locale.ROOT) + ".txt";
    }
}
