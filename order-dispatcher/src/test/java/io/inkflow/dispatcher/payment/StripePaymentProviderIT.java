package io.inkflow.dispatcher.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.inkflow.dispatcher.payment.StripeFake.INTENTS;
import static io.inkflow.dispatcher.payment.StripeFake.SEARCH;
import static io.inkflow.dispatcher.payment.StripeFake.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeOutcome;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeRequest;
import io.inkflow.dispatcher.payment.PaymentProvider.Line;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Stripe adapter against a real HTTP server serving Stripe's documented answers. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StripePaymentProviderIT {
    private static final String ORDER = "3f1c2d9e-8a7b-4c6d-9e0f-1a2b3c4d5e6f";
    private static final String KEY = "inkflow-charge-" + ORDER + "-1";
    private static final ChargeRequest REQUEST = new ChargeRequest(KEY, ORDER, StripeFake.TOKEN, 2199);
    private static final String SUCCEEDED = StripeFake.intent("pi_3QsucceededA", 2199, "succeeded", ORDER, KEY, null);

    static StripeFake stripe;
    private StripePaymentProvider provider;

    @BeforeAll
    static void start() {
        stripe = new StripeFake();
    }

    @AfterAll
    static void stop() {
        stripe.close();
    }

    @BeforeEach
    void reset() {
        stripe.server().resetAll();
        provider = new StripePaymentProvider(stripe.settings(Duration.ofSeconds(1)));
    }

    private List<LoggedRequest> creates() {
        return stripe.server().findAll(postRequestedFor(urlPathEqualTo(INTENTS)));
    }

    @Test
    void aSuccessfulChargeIsCapturedWithTheOrdersKeyAmountAndMetadata() throws Exception {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(200, SUCCEEDED)));

        assertThat(provider.charge(REQUEST)).isEqualTo(new ChargeOutcome.Captured("pi_3QsucceededA", 2199));

        LoggedRequest sent = creates().getFirst();
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(KEY);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk_test_inkflow");
        assertThat(StripeFake.form(sent.getBodyAsString())).containsAllEntriesOf(Map.of(
                "amount", "2199", "currency", "usd", "customer", "cus_NffrFeUfNV2Hib",
                "payment_method", "pm_1MtwBwLkdIwHu7ixVH6y8kHb", "off_session", "true", "confirm", "true",
                "metadata[order_id]", ORDER, "metadata[idempotency_key]", KEY,
                "description", "InkFlow order " + ORDER));
        assertThat(StripeFake.form(sent.getBodyAsString())).doesNotContainKey("metadata[group_id]")
                .doesNotContainKey("metadata[line_1]");
    }

    @Test
    void aGroupsChargeIsOneIntentForTheTotalWithEachLineInTheMetadata() throws Exception {
        String group = "b7e4a1c2-5d6f-4a8b-9c0d-e1f2a3b4c5d6";
        String key = "inkflow-charge-" + group + "-1";
        String cyan = "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";
        String magenta = "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b";
        ChargeRequest request = new ChargeRequest(key, group, StripeFake.TOKEN, 2199 + 1599 + 1439, List.of(
                new Line(ORDER, "PGI-280 PGBK", 2199), new Line(cyan, "CLI-281 C", 1599),
                new Line(magenta, "CLI-281 M", 1439)));
        Map<String, String> metadata = StripePaymentProvider.metadata(request);
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(200,
                StripeFake.groupIntent("pi_3QgroupE", 5237, group, 3, metadata))));

        assertThat(provider.charge(request)).isEqualTo(new ChargeOutcome.Captured("pi_3QgroupE", 5237));

        LoggedRequest sent = creates().getFirst();
        assertThat(creates()).hasSize(1);
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(key);
        Map<String, String> form = StripeFake.form(sent.getBodyAsString());
        assertThat(form).containsAllEntriesOf(Map.of(
                "amount", "5237", "currency", "usd", "customer", "cus_NffrFeUfNV2Hib",
                "payment_method", "pm_1MtwBwLkdIwHu7ixVH6y8kHb", "off_session", "true", "confirm", "true",
                "description", "InkFlow order group " + group + " (3 orders)"));
        // Stripe's metadata: at most 50 keys of up to 40 characters, values of up to 500
        Map<String, String> sentMetadata = new TreeMap<>(form);
        sentMetadata.keySet().removeIf(k -> !k.startsWith("metadata["));
        assertThat(sentMetadata).containsOnly(
                Map.entry("metadata[group_id]", group), Map.entry("metadata[idempotency_key]", key),
                Map.entry("metadata[line_1]", ORDER + " PGI-280 PGBK 2199"),
                Map.entry("metadata[line_2]", cyan + " CLI-281 C 1599"),
                Map.entry("metadata[line_3]", magenta + " CLI-281 M 1439"));
        assertThat(StripeFake.chargedOrders(form)).containsExactly(ORDER, cyan, magenta);
    }

    @Test
    void aGroupWithMoreLinesThanStripesMetadataHoldsIsRefusedBeforeAnyCall() {
        List<Line> lines = IntStream.rangeClosed(1, 49)
                .mapToObj(i -> new Line("order-" + i, "PGI-280 PGBK", 100)).toList();
        ChargeRequest request = new ChargeRequest(KEY, "group", StripeFake.TOKEN, 4900, lines);

        assertThatThrownBy(() -> provider.charge(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("49 lines");
        assertThat(StripePaymentProvider.metadata(new ChargeRequest(KEY, "group", StripeFake.TOKEN, 4800,
                lines.subList(0, 48)))).hasSize(50).containsEntry("line_48",
                "order-48 PGI-280 PGBK 100");
        assertThat(creates()).isEmpty();
    }

    @Test
    void aDeclineCarriesStripesDeclineCode() throws Exception {
        String failed = StripeFake.intent("pi_3QdeclinedB", 2199, "requires_payment_method", ORDER, KEY,
                "{\"type\": \"card_error\", \"code\": \"card_declined\", \"decline_code\": \"insufficient_funds\"}");
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(402, StripeFake.cardError(
                "card_declined", "insufficient_funds", "Your card has insufficient funds.", failed))));

        assertThat(provider.charge(REQUEST)).isEqualTo(new ChargeOutcome.Declined("pi_3QdeclinedB", "insufficient_funds"));
    }

    @Test
    void theBankWantingTheCustomerIsRequiresActionNotADecline() throws Exception {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(200,
                StripeFake.intent("pi_3QactionC", 2199, "requires_action", ORDER, KEY, null))));
        assertThat(provider.charge(REQUEST))
                .isEqualTo(new ChargeOutcome.RequiresAction("pi_3QactionC", "authentication_required"));

        // off-session, Stripe answers the same with a 402 authentication_required
        String intent = StripeFake.intent("pi_3QactionD", 2199, "requires_payment_method", ORDER, KEY,
                "{\"type\": \"card_error\", \"code\": \"authentication_required\"}");
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(402, StripeFake.cardError(
                "authentication_required", "authentication_required",
                "Your card was declined. This transaction requires authentication.", intent))));
        assertThat(provider.charge(REQUEST))
                .isEqualTo(new ChargeOutcome.RequiresAction("pi_3QactionD", "authentication_required"));
    }

    @Test
    void aTimeoutIsAnUnknownOutcomeReconciledBySearchBeforeAnyNewAttempt() throws Exception {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(200, SUCCEEDED).withFixedDelay(3_000)));
        stripe.server().stubFor(get(urlPathEqualTo(SEARCH)).willReturn(json(200, StripeFake.searchResult(SUCCEEDED))));

        assertThatThrownBy(() -> provider.charge(REQUEST)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("no answer");

        assertThat(provider.lookup(KEY)).contains(new ChargeOutcome.Captured("pi_3QsucceededA", 2199));
        assertThat(stripe.server().findAll(getRequestedFor(urlPathEqualTo(SEARCH))).getFirst().queryParameter("query")
                .firstValue()).isEqualTo("metadata['idempotency_key']:'" + KEY + "'");
        assertThat(creates()).hasSize(1);
    }

    @Test
    void aServerErrorIsAnUnknownOutcomeAndTheSearchFindsWhatItDid() throws Exception {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(500,
                StripeFake.apiError("Something went wrong on Stripe's end."))));
        stripe.server().stubFor(get(urlPathEqualTo(SEARCH)).willReturn(json(200, StripeFake.searchResult())));

        assertThatThrownBy(() -> provider.charge(REQUEST)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("HTTP 500");
        assertThat(provider.lookup(KEY)).isEmpty();

        stripe.server().stubFor(get(urlPathEqualTo(SEARCH)).willReturn(json(200, StripeFake.searchResult(SUCCEEDED))));
        assertThat(provider.lookup(KEY)).contains(new ChargeOutcome.Captured("pi_3QsucceededA", 2199));
    }

    @Test
    void aRateLimitHonoursRetryAfter() {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(429,
                "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"rate_limit\","
                        + " \"message\": \"Too many requests hit the API too quickly.\"}}").withHeader("Retry-After", "7")));

        assertThatThrownBy(() -> provider.charge(REQUEST)).isInstanceOfSatisfying(ProviderUnavailableException.class,
                e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).contains("HTTP 429");
                });
    }

    @Test
    void aLostResponseIsFollowedByTheIdempotentReplayOfTheSameRequest() throws Exception {
        // Stripe charges, then the connection drops before the answer arrives (every time, until the test says)
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, SUCCEEDED).withFault(Fault.CONNECTION_RESET_BY_PEER)));
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).inScenario("lost").whenScenarioStateIs("answering")
                .withHeader("Idempotency-Key", equalTo(KEY))
                .willReturn(json(200, SUCCEEDED).withHeader("Idempotent-Replayed", "true")));
        stripe.server().stubFor(get(urlPathEqualTo(SEARCH)).willReturn(json(200, StripeFake.searchResult())));

        assertThatThrownBy(() -> provider.charge(REQUEST)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("no answer");
        // the search index has not caught up; the replay with the same key answers the first request's result
        assertThat(provider.lookup(KEY)).isEmpty();
        stripe.server().setScenarioState("lost", "answering");
        assertThat(provider.charge(REQUEST)).isEqualTo(new ChargeOutcome.Captured("pi_3QsucceededA", 2199));

        // (the JDK's HTTP client may itself resend a POST once on a dropped connection: same key, same body)
        List<LoggedRequest> creates = creates();
        assertThat(creates).hasSizeGreaterThanOrEqualTo(2);
        assertThat(creates).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(KEY);
        assertThat(creates).extracting(LoggedRequest::getBodyAsString).containsOnly(creates.getFirst().getBodyAsString());
    }

    @Test
    void aTokenThatIsNotAStripeCardIsDeclinedWithoutACall() throws Exception {
        assertThat(provider.charge(new ChargeRequest(KEY, ORDER, "tok_visa", 2199)))
                .isEqualTo(new ChargeOutcome.Declined(null, "payment_method_invalid"));
        assertThat(creates()).isEmpty();
        assertThat(StripeToken.parse(StripeFake.TOKEN)).contains(new StripeToken("cus_NffrFeUfNV2Hib",
                "pm_1MtwBwLkdIwHu7ixVH6y8kHb"));
    }

    @Test
    void aDeletedPaymentMethodIsADeclineTheCustomerCanFix() throws Exception {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(400,
                "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\","
                        + " \"param\": \"payment_method\", \"message\": \"No such PaymentMethod: 'pm_1'\"}}")));

        assertThat(provider.charge(REQUEST)).isEqualTo(new ChargeOutcome.Declined(null, "resource_missing"));
    }

    @Test
    void aRequestErrorOfOursIsNotBlamedOnTheCustomer() {
        stripe.server().stubFor(post(urlPathEqualTo(INTENTS)).willReturn(json(400,
                "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"parameter_invalid_integer\","
                        + " \"message\": \"Invalid integer: -1\"}}")));

        assertThatThrownBy(() -> provider.charge(REQUEST)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("HTTP 400");
    }
}
