package io.inkflow.dispatcher.shipping;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How the dispatcher reaches EasyPost. Checked when built (at start-up), naming the variable at fault.
 *
 * @param apiKey        a test ({@code EZTK}) or production ({@code EZAK}) key; never logged
 * @param apiBase       {@code https://api.easypost.com}, or a test server (HTTPS: the client requires it)
 * @param fromAddressId the warehouse address, created once in EasyPost ({@code adr_...})
 * @param carriers      carriers whose rates may be bought (for example USPS); empty for any
 * @param services      services whose rates may be bought (for example GroundAdvantage); empty for any
 */
public record EasyPostSettings(String apiKey, URI apiBase, String fromAddressId, List<String> carriers,
                               List<String> services, Duration timeout) {
    public EasyPostSettings {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("DISPATCHER_EASYPOST_API_KEY must be set when DISPATCHER_CARRIER is"
                    + " easypost");
        }
        if (apiBase == null || !"https".equals(apiBase.getScheme())) {
            throw new IllegalArgumentException("DISPATCHER_EASYPOST_API_BASE must be an https URL");
        }
        if (fromAddressId == null || !fromAddressId.startsWith("adr_")) {
            throw new IllegalArgumentException("DISPATCHER_EASYPOST_FROM_ADDRESS_ID must be the id of the warehouse"
                    + " address in EasyPost (adr_...)");
        }
        carriers = List.copyOf(carriers);
        services = List.copyOf(services);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DISPATCHER_EASYPOST_TIMEOUT_MS must be positive");
        }
    }

    /** True for a production key: labels are paid for. */
    public boolean production() {
        return apiKey.startsWith("EZAK");
    }

    @Override
    public String toString() {
        // never the key
        return "EasyPostSettings[apiBase=" + apiBase + ", mode=" + (production() ? "production" : "test")
                + ", fromAddressId=" + fromAddressId + ", carriers=" + carriers + ", services=" + services
                + ", timeout=" + timeout + "]";
    }
}
