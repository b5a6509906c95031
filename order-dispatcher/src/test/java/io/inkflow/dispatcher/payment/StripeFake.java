package io.inkflow.dispatcher.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * WireMock on an ephemeral port serving the shapes of Stripe's API reference (PaymentIntent objects, error
 * objects, search results) for the Stripe adapter's tests.
 */
public final class StripeFake implements AutoCloseable {
    public static final String INTENTS = "/v1/payment_intents";
    public static final String SEARCH = "/v1/payment_intents/search";
    public static final String TOKEN = "cus_NffrFeUfNV2Hib:pm_1MtwBwLkdIwHu7ixVH6y8kHb";

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1"));

    public StripeFake() {
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Settings of the adapter against this server. */
    public StripeSettings settings(Duration timeout) {
        return new StripeSettings("sk_test_inkflow", base(), "usd", timeout);
    }

    /** A PaymentIntent as Stripe returns it (the fields the adapter reads, and the usual others). */
    public static String intent(String id, long amount, String status, String orderId, String key,
                                String lastPaymentError) {
        return """
                {"id": "%s", "object": "payment_intent", "amount": %d, "amount_capturable": 0,
                 "amount_received": %d, "capture_method": "automatic", "client_secret": "%s_secret_x",
                 "confirmation_method": "automatic", "created": 1764590000, "currency": "usd",
                 "customer": "cus_NffrFeUfNV2Hib", "description": "InkFlow order %s", "last_payment_error": %s,
                 "latest_charge": "ch_%s", "livemode": false,
                 "metadata": {"order_id": "%s", "idempotency_key": "%s"},
                 "next_action": %s, "payment_method": "pm_1MtwBwLkdIwHu7ixVH6y8kHb",
                 "payment_method_types": ["card"], "status": "%s"}"""
                .formatted(id, amount, "succeeded".equals(status) ? amount : 0, id, orderId,
                        lastPaymentError == null ? "null" : lastPaymentError, id.substring(3), orderId, key,
                        "requires_action".equals(status)
                                ? "{\"type\": \"use_stripe_sdk\", \"use_stripe_sdk\": {\"type\": \"three_d_secure_redirect\"}}"
                                : "null", status);
    }

    /**
     * A succeeded PaymentIntent of an order group's charge, as Stripe returns it: the metadata as the adapter sent
     * it ({@code group_id}, {@code idempotency_key}, {@code line_<n>}).
     */
    public static String groupIntent(String id, long amount, String groupId, int orders, Map<String, String> metadata) {
        StringBuilder entries = new StringBuilder();
        metadata.forEach((k, v) -> entries.append(entries.isEmpty() ? "" : ", ").append('"').append(k)
                .append("\": \"").append(v).append('"'));
        return """
                {"id": "%s", "object": "payment_intent", "amount": %d, "amount_capturable": 0,
                 "amount_received": %d, "capture_method": "automatic", "client_secret": "%s_secret_x",
                 "confirmation_method": "automatic", "created": 1764590000, "currency": "usd",
                 "customer": "cus_NffrFeUfNV2Hib", "description": "InkFlow order group %s (%d orders)",
                 "last_payment_error": null, "latest_charge": "ch_%s", "livemode": false, "metadata": {%s},
                 "next_action": null, "payment_method": "pm_1MtwBwLkdIwHu7ixVH6y8kHb",
                 "payment_method_types": ["card"], "status": "succeeded"}"""
                .formatted(id, amount, amount, id, groupId, orders, id.substring(3), entries);
    }

    /** A card error (HTTP 402) with the PaymentIntent it left in {@code requires_payment_method}. */
    public static String cardError(String code, String declineCode, String message, String intent) {
        return """
                {"error": {"type": "card_error", "code": "%s", "decline_code": "%s", "message": "%s",
                 "doc_url": "https://stripe.com/docs/error-codes/%s", "payment_intent": %s}}"""
                .formatted(code, declineCode, message, code.replace('_', '-'), intent);
    }

    public static String apiError(String message) {
        return "{\"error\": {\"type\": \"api_error\", \"message\": \"" + message + "\"}}";
    }

    public static String searchResult(String... intents) {
        return "{\"object\": \"search_result\", \"url\": \"/v1/payment_intents/search\", \"has_more\": false,"
                + " \"next_page\": null, \"data\": [" + String.join(",", intents) + "]}";
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_test").withBody(body);
    }

    /**
     * Stripe's idempotency, as far as the crash tests need it: every create succeeds with an intent whose id
     * derives from the Idempotency-Key, so a replay with the same key answers the same intent; the search
     * index is behind and finds nothing.
     */
    public void behaveIdempotently() {
        server.stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(200, """
                {{formData request.body 'form' urlDecode=true}}{"id": "pi_{{request.headers.Idempotency-Key}}",
                 "object": "payment_intent", "amount": {{form.amount}}, "amount_received": {{form.amount}},
                 "currency": "{{form.currency}}", "customer": "{{form.customer}}", "livemode": false,
                 "metadata": {"order_id": "{{lookup form 'metadata[order_id]'}}",
                              "idempotency_key": "{{lookup form 'metadata[idempotency_key]'}}"},
                 "payment_method": "{{form.payment_method}}", "status": "succeeded"}""")
                .withTransformers("response-template")));
        server.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(json(200, searchResult())));
    }

    /**
     * For each order id (from the metadata: {@code order_id}, or each {@code line_<n>} of a group's charge), the
     * idempotency keys of the create requests Stripe answered with success: one key per order means one charge
     * per order, however often it was replayed.
     */
    public Map<String, Set<String>> successfulChargeKeysByOrder() {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            if (event.getRequest().getUrl().equals(INTENTS) && event.getResponse().getStatus() == 200) {
                Map<String, String> form = form(event.getRequest().getBodyAsString());
                for (String orderId : chargedOrders(form)) {
                    keys.computeIfAbsent(orderId, k -> new TreeSet<>())
                            .add(event.getRequest().getHeader("Idempotency-Key"));
                }
            }
        }
        return keys;
    }

    /** The orders a create request's form charges: its {@code order_id}, or the order id of each line. */
    public static List<String> chargedOrders(Map<String, String> form) {
        if (form.containsKey("metadata[order_id]")) {
            return List.of(form.get("metadata[order_id]"));
        }
        List<String> orders = new ArrayList<>();
        for (int n = 1; form.containsKey("metadata[line_" + n + "]"); n++) {
            String line = form.get("metadata[line_" + n + "]");
            orders.add(line.substring(0, line.indexOf(' ')));
        }
        return orders;
    }

    /** A form-encoded body as a map. */
    public static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    @Override
    public void close() {
        server.stop();
    }
}
