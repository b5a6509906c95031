package io.inkflow.dispatcher.notify;

import java.util.Locale;

/** Every message the dispatcher sends; each has a template {@code templates/notifications/<name>.txt}. */
public enum NotificationKind {
    ORDER_CONFIRMATION, BACKORDER, SHIPMENT, PAYMENT_FAILED, PAYMENT_ACTION_REQUIRED, ADDRESS_INVALID, ORDER_CANCELLED,
    NON_GENUINE_CARTRIDGE, PLAN_CANCELLED;

    public String templateResource() {
        return "templates/notifications/" + name().toLowerCase(Locale.ROOT) + ".txt";
    }
}
