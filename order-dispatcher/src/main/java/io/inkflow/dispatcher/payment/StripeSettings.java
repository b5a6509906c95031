package io.inkflow.dispatcher.payment;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the dispatcher reaches Stripe. Checked when built (at start-up), naming the variable at fault.
 *
 * @param apiKey   a secret ({@code sk_}) or restricted ({@code rk_}) key; never logged
 * @param apiBase  {@code https://api.stripe.com}, or a test server
 * @param currency ISO 4217 code, lower case, of every charge (the catalog's prices are in its minor unit)
 * @param timeout  connect and read timeout of one call; a timeout is an unknown outcome, reconciled later
 */
public record StripeSettings(String apiKey, URI apiBase, String currency, Duration timeout) {
    private static final Pattern KEY = Pattern.compile("(sk|rk)_(test|live)_[A-Za-z0-9]+");
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

    public StripeSettings {
        if (apiKey == null || !KEY.matcher(apiKey).matches()) {
            throw new IllegalArgumentException("DISPATCHER_STRIPE_API_KEY must be a Stripe secret or restricted key"
                    + " (sk_test_..., sk_live_..., rk_test_..., rk_live_...)");
        }
        if (apiBase == null || !apiBase.isAbsolute() || !apiBase.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("DISPATCHER_STRIPE_API_BASE must be an http(s) URL");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("DISPATCHER_STRIPE_CURRENCY must be a three-letter ISO code in lower"
                    + " case, was '" + currency + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DISPATCHER_STRIPE_TIMEOUT_MS must be positive");
        }
    }

    /** True for a live-mode key: real cards are charged. */
    public boolean live() {
        return apiKey.contains("_live_");
    }

    @Override
    public String toString() {
        // never the key
        return "StripeSettings[apiBase=" + apiBase + ", mode=" + (live() ? "live" : "test") + ", currency=" + currency
                + ", timeout=" + timeout + "]";
    }
}
