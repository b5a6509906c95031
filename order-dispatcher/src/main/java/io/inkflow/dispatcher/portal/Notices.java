package io.inkflow.dispatcher.portal;

import java.util.Map;

/**
 * The one-time messages a page shows after a redirect ({@code ?notice=key}). Only these fixed texts can
 * appear, so the query parameter cannot inject anything.
 */
final class Notices {
    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("signed-up", "Your account is open. We have sent you an e-mail: open its link to confirm "
                    + "your address."),
            Map.entry("verified", "Thank you: your e-mail address is confirmed."),
            Map.entry("verification-sent", "We have sent a new confirmation link to your e-mail address."),
            Map.entry("signed-out", "You are signed out."),
            Map.entry("session-expired", "Your session has ended. Please sign in again."),
            Map.entry("password-reset", "Your password is changed. Sign in with your new password."),
            Map.entry("password-changed", "Your password is changed. Your other sessions were signed out."),
            Map.entry("email-changed", "Your e-mail address is changed. Open the link we sent to the new address "
                    + "to confirm it."),
            Map.entry("profile-saved", "Your profile is saved."),
            Map.entry("address-saved", "The address is saved."),
            Map.entry("address-removed", "The address is removed from your address book."),
            Map.entry("payment-saved", "The payment method is saved."),
            Map.entry("payment-removed", "The payment method is removed."),
            Map.entry("delivery-saved", "Saved. The next shipment for this printer uses this address and payment "
                    + "method."),
            Map.entry("plan-cancelled", "Auto Replenishment is cancelled for this printer. Orders already processed "
                    + "still ship. We have sent you a confirmation e-mail."),
            Map.entry("deactivated", "The printer is deactivated and removed from your account. A new owner can "
                    + "now register it."),
            Map.entry("cancellation-requested", "Your request to cancel the order has been sent to our fulfilment "
                    + "team. We will e-mail you their decision."),
            Map.entry("product-registered", "Your product is registered."),
            Map.entry("preferences-saved", "Your e-mail preferences are saved."));

    private Notices() {
    }

    /** The text of a notice key, null for none or an unknown key. */
    static String text(String key) {
        return key == null ? null : TEXTS.get(key);
    }
}
