package io.inkflow.dispatcher.payment;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an account's payment token names a Stripe card: {@code cus_<customer>:pm_<payment method>}, the
 * customer and the payment method saved to it (by a SetupIntent in the customer's pages) for off-session
 * charges. The dispatcher never sees card numbers.
 */
public record StripeToken(String customer, String paymentMethod) {
    private static final Pattern FORMAT = Pattern.compile("(cus_[A-Za-z0-9]+):((?:pm|card)_[A-Za-z0-9]+)");

    /** The token's customer and payment method; empty when the token is not in the Stripe format. */
    public static Optional<StripeToken> parse(String paymentToken) {
        Matcher m = FORMAT.matcher(paymentToken == null ? "" : paymentToken.trim());
        return m.matches() ? Optional.of(new StripeToken(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The token the account stores. */
    public String encoded() {
        return customer + ":" + paymentMethod;
    }
}
