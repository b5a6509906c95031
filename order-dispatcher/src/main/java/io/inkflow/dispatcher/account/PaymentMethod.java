package io.inkflow.dispatcher.account;

import java.util.Objects;

/**
 * A payment method as the payment provider's token (never a card number), with the brand and last
 * four digits shown to the customer.
 */
public record PaymentMethod(String providerToken, String brand, String last4) {
    public PaymentMethod {
        Objects.requireNonNull(providerToken, "providerToken");
    }

    /** What the API shows: everything but the token. */
    public Summary summary() {
        return new Summary(brand, last4);
    }

    /** The payment method without its provider token. */
    public record Summary(String brand, String last4) {
    }
}
