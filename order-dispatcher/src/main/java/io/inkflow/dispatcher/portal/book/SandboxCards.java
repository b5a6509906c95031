package io.inkflow.dispatcher.portal.book;

import io.inkflow.dispatcher.sandbox.SandboxPaymentProvider;
import io.inkflow.dispatcher.portal.auth.TokenBytes;

/**
 * The test cards of the bundled sandbox payment provider. A real provider (Stripe) turns the card into a
 * token in the browser with its own script, so card numbers never reach InkFlow; the sandbox has no such
 * script, so the page offers these cards by name and the token is made here. One declines every charge.
 */
public enum SandboxCards {
    VISA_4242("Visa", "4242", false),
    MASTERCARD_4444("Mastercard", "4444", false),
    AMEX_0005("American Express", "0005", false),
    VISA_DECLINED_0002("Visa", "0002", true);

    private final String brand;
    private final String last4;
    private final boolean declines;

    SandboxCards(String brand, String last4, boolean declines) {
        this.brand = brand;
        this.last4 = last4;
        this.declines = declines;
    }

    public String brand() {
        return brand;
    }

    public String last4() {
        return last4;
    }

    public String label() {
        return brand + " ending " + last4 + (declines ? " (test card: always declined)" : " (test card)");
    }

    /** A new token for the card, as the provider would return. */
    public String token() {
        return (declines ? SandboxPaymentProvider.DECLINING_TOKEN_PREFIX + "_" : "tok_sandbox_")
                + TokenBytes.random().substring(0, 24);
    }
}
