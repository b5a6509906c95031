package io.inkflow.dispatcher.payment;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.model.StripeSearchResult;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Card payments through Stripe: at shipment, an off-session PaymentIntent created and confirmed at once for
 * the customer's saved payment method ({@link StripeToken}), with our idempotency key as Stripe's
 * {@code Idempotency-Key} and the order id (or the group id and lines) and key in its metadata.
 *
 * <p>Outcomes: {@code succeeded} is a capture; a card error (402) is a decline with Stripe's decline code,
 * except {@code authentication_required}, which (like the status {@code requires_action}) means the bank
 * wants the customer. A timeout, a lost answer, a 5xx or a 429 is an unknown outcome: the caller looks the
 * intent up by key before calling again ({@link #lookup}: Stripe's search by metadata), and a new call with
 * the same key is an idempotent replay that answers the first request's result (Stripe keeps keys 24 hours).
 *
 * <p>An order group's charge is one PaymentIntent for the total. PaymentIntents have no line items, so the
 * lines go to the metadata, one key per line ({@code line_1} = {@code <orderId> <sku> <amountCents>}) next to
 * {@code group_id}; Stripe allows 50 keys, names up to 40 characters and values up to 500.
 */
public final class StripePaymentProvider implements PaymentProvider {
    static final String ORDER_ID = "order_id";
    static final String IDEMPOTENCY_KEY = "idempotency_key";
    static final String GROUP_ID = "group_id";
    static final String LINE_PREFIX = "line_";
    /** Stripe's metadata holds 50 keys; the group id and the idempotency key take two. */
    static final int MAX_LINES = 48;
    static final int MAX_VALUE_LENGTH = 500;
    /** Request errors that say the customer's saved card is gone: the customer must give another one. */
    private static final Set<String> MISSING_CARD_PARAMS = Set.of("customer", "payment_method");

    private final StripeClient client;
    private final StripeSettings settings;

    public StripePaymentProvider(StripeSettings settings) {
        this.settings = settings;
        int timeout = Math.toIntExact(settings.timeout().toMillis());
        // no retries inside the library: an unknown outcome goes back to the order's own reconciliation
        this.client = StripeClient.builder().setApiKey(settings.apiKey()).setApiBase(settings.apiBase().toString())
                .setConnectTimeout(timeout).setReadTimeout(timeout).setMaxNetworkRetries(0).build();
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) throws ProviderUnavailableException {
        Optional<StripeToken> token = StripeToken.parse(request.paymentToken());
        if (token.isEmpty()) {
            // nothing Stripe could charge: the customer must set a card again
            return new ChargeOutcome.Declined(null, "payment_method_invalid");
        }
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(request.amountCents())
                .setCurrency(settings.currency())
                .setCustomer(token.get().customer())
                .setPaymentMethod(token.get().paymentMethod())
                .setOffSession(true)
                .setConfirm(true)
                .setDescription(description(request))
                .putAllMetadata(metadata(request))
                .build();
        try {
            return outcome(client.v1().paymentIntents().create(params,
                    RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build()));
        } catch (CardException e) {
            return refused(e.getStripeError());
        } catch (InvalidRequestException e) {
            if (e.getParam() != null && (MISSING_CARD_PARAMS.contains(e.getParam())
                    || "resource_missing".equals(e.getCode()) && e.getParam().startsWith("payment_method"))) {
                return new ChargeOutcome.Declined(null, e.getCode() == null ? "payment_method_invalid" : e.getCode());
            }
            throw unavailable("Stripe refused the request", e);
        } catch (IdempotencyException e) {
            // the same key with other parameters: a bug of ours, never a reason to charge under a new key
            throw new IllegalStateException("Stripe refused a reused idempotency key " + request.idempotencyKey()
                    + ": " + e.getMessage(), e);
        } catch (StripeException e) {
            throw unavailable("Stripe charge outcome unknown", e);
        }
    }

    private static String description(ChargeRequest request) {
        return request.lines().isEmpty() ? "InkFlow order " + request.reference()
                : "InkFlow order group " + request.reference() + " (" + request.lines().size() + " orders)";
    }

    /**
     * One order: its id and the key. A group: the group id, the key and each line as {@code line_<n>} =
     * {@code <orderId> <sku> <amountCents>}, numbered from 1 in the request's order. A SKU may hold spaces
     * ({@code PGI-280 PGBK}) but an order id (a UUID) and an amount never do, so a line reads back by its first
     * and last space. A printer has at most 12 slots, so a group has far fewer than {@value #MAX_LINES}
     * lines, and a line is far below the 500 characters a value may hold; a request beyond either is a bug of
     * ours, refused before anything is sent.
     */
    static Map<String, String> metadata(ChargeRequest request) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (request.lines().isEmpty()) {
            metadata.put(ORDER_ID, request.reference());
            metadata.put(IDEMPOTENCY_KEY, request.idempotencyKey());
            return metadata;
        }
        List<Line> lines = request.lines();
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("Charge " + request.idempotencyKey() + " has " + lines.size()
                    + " lines; Stripe's metadata holds " + MAX_LINES);
        }
        metadata.put(GROUP_ID, request.reference());
        metadata.put(IDEMPOTENCY_KEY, request.idempotencyKey());
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String value = line.orderId() + " " + line.sku() + " " + line.amountCents();
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("Line " + (i + 1) + " of charge " + request.idempotencyKey()
                        + " is longer than Stripe's " + MAX_VALUE_LENGTH + " characters: " + value);
            }
            metadata.put(LINE_PREFIX + (i + 1), value);
        }
        return metadata;
    }

    /**
     * Finds the PaymentIntent an earlier request with this key created, by its metadata. Stripe's search is
     * eventually consistent (an intent may take about a minute to appear); when it finds nothing, the caller's
     * next charge with the same key is answered from Stripe's idempotency store instead.
     */
    @Override
    public Optional<ChargeOutcome> lookup(String idempotencyKey) throws ProviderUnavailableException {
        PaymentIntentSearchParams search = PaymentIntentSearchParams.builder()
                .setQuery("metadata['" + IDEMPOTENCY_KEY + "']:'" + idempotencyKey.replace("'", "\\'") + "'")
                .setLimit(1L)
                .build();
        try {
            StripeSearchResult<PaymentIntent> found = client.v1().paymentIntents().search(search);
            return found.getData().isEmpty() ? Optional.empty() : Optional.of(outcome(found.getData().getFirst()));
        } catch (StripeException e) {
            throw unavailable("Stripe search failed", e);
        }
    }

    private static ChargeOutcome outcome(PaymentIntent intent) throws ProviderUnavailableException {
        return switch (intent.getStatus()) {
            case "succeeded" -> new ChargeOutcome.Captured(intent.getId(), intent.getAmountReceived());
            case "requires_action" -> new ChargeOutcome.RequiresAction(intent.getId(), "authentication_required");
            case "requires_payment_method" -> intent.getLastPaymentError() == null
                    ? new ChargeOutcome.Declined(intent.getId(), "requires_payment_method")
                    : refused(intent.getLastPaymentError(), intent.getId());
            case "canceled" -> new ChargeOutcome.Declined(intent.getId(), "canceled");
            // processing: the bank has not answered yet; the next lookup sees the final status
            default -> throw new ProviderUnavailableException("Stripe PaymentIntent " + intent.getId() + " is "
                    + intent.getStatus());
        };
    }

    private static ChargeOutcome refused(StripeError error) {
        return refused(error, error.getPaymentIntent() == null ? null : error.getPaymentIntent().getId());
    }

    private static ChargeOutcome refused(StripeError error, String intentId) {
        if ("authentication_required".equals(error.getCode())
                || "authentication_required".equals(error.getDeclineCode())) {
            return new ChargeOutcome.RequiresAction(intentId, "authentication_required");
        }
        String reason = error.getDeclineCode() != null ? error.getDeclineCode()
                : error.getCode() != null ? error.getCode() : "card_declined";
        return new ChargeOutcome.Declined(intentId, reason);
    }

    private static ProviderUnavailableException unavailable(String what, StripeException e) {
        String kind = e instanceof ApiConnectionException ? "no answer" : "HTTP " + e.getStatusCode();
        return new ProviderUnavailableException(what + " (" + kind + "): " + e.getMessage(), e, retryAfter(e));
    }

    /** A 429's (or 503's) Retry-After in seconds; null when the answer had none. */
    private static Duration retryAfter(StripeException e) {
        if (e.getStripeError() == null || e.getStripeError().getLastResponse() == null) {
            return null;
        }
        return e.getStripeError().getLastResponse().headers().firstValue("Retry-After")
                .flatMap(StripePaymentProvider::seconds).orElse(null);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
