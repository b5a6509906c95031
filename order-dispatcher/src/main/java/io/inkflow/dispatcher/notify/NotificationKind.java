package io.inkflow.dispatcher.notify;

import java.util.Locale;

/**
 * Every message the dispatcher sends. A service mail (about an order, a payment, the plan, security) always
 * goes; an optional one goes only to accounts that did not opt out of it, and carries a one-click
 * unsubscribe link. Each kind has a text and an HTML template, {@code src/main/jte/{text,html}/<name>.jte}.
 */
public enum NotificationKind {
    ORDER_CONFIRMATION(false),
    BACKORDER(false),
    SHIPMENT(false),
    PAYMENT_FAILED(false),
    /** The card's bank wants the customer to authenticate the payment (SCA). */
    PAYMENT_ACTION_REQUIRED(false),
    /** The carrier refused the shipping address; the customer must correct it. */
    ADDRESS_REJECTED(false),
    ORDER_CANCELLED(false),
    PLAN_CANCELLED(false),
    NON_GENUINE_CARTRIDGE(true),
    // the customer pages (package portal, ingest.PrinterStatusWriter): service mail about the account and its printers
    EMAIL_VERIFICATION(false),
    PASSWORD_RESET(false),
    PASSWORD_CHANGED(false),
    PRINTER_ACTIVATED(false),
    PRINTER_PLAN_CANCELLED(false),
    PRINTER_DEACTIVATED(false),
    CANCELLATION_REQUESTED(false),
    /** An active printer stopped reporting (quiet.QuietPrinterSweep): without reports nothing is ordered for it. */
    PRINTER_QUIET(false),
    /** The customer's product registrations reached the points for the Canon Professional Services invitation. */
    CPS_INVITATION(true);

    private final boolean optional;

    NotificationKind(boolean optional) {
        this.optional = optional;
    }

    /** True for mail a customer may opt out of; false for service mail, which always goes. */
    public boolean optional() {
        return optional;
    }

    /** The template of this kind, the same name in the text and the HTML root. */
    public String template() {
        return name().toLowerCase(Locale.ROOT) + ".jte";
    }
}
