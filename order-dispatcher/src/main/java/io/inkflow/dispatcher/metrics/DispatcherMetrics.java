package io.inkflow.dispatcher.metrics;

import io.inkflow.dispatcher.deadletter.DeadLetterReason;
import io.inkflow.dispatcher.notify.MailChannel;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.OrderState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every meter of the dispatcher, registered once here: lower-case dotted names, tag values from enums
 * only (never a SKU, serial or order id). Methods named {@code count...} count a database change: call
 * them inside the transaction that makes it, they count once it committed ({@link Tx#afterCommit}), so a
 * transaction retried after a deadlock or rewound after an outage never counts twice. The others record
 * at once (a remote call's duration, an HTTP request).
 */
public final class DispatcherMetrics {

    /** The topics the dispatcher consumes, as a tag. */
    public enum Source { ORDERS, SUPPLY_EVENTS, PRINTER_STATUS }

    /** How a sign-in on the customer pages ended. */
    public enum SignIn { SIGNED_IN, REFUSED, THROTTLED }

    /** What a payment provider answered (UNKNOWN: a timeout or a lost response). */
    public enum CaptureOutcome { CAPTURED, DECLINED, REQUIRES_ACTION, UNKNOWN }

    /** What a carrier answered (UNKNOWN: a timeout or a lost response). */
    public enum ShipmentOutcome { SHIPPED, ADDRESS_REJECTED, UNKNOWN }

    /** The outcome classes of an HTTP request. */
    public enum HttpOutcome {
        SUCCESS, CLIENT_ERROR, SERVER_ERROR;

        static HttpOutcome of(int status) {
            return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
        }
    }

    /** The HTTP methods served; anything else is OTHER. */
    public enum HttpMethod {
        GET, POST, PUT, DELETE, OTHER;

        static HttpMethod of(String name) {
            return switch (name) {
                case "GET" -> GET;
                case "POST" -> POST;
                case "PUT" -> PUT;
                case "DELETE" -> DELETE;
                default -> OTHER;
            };
        }
    }

    private final Counter ingested;
    private final Counter duplicates;
    private final Map<Source, Map<DeadLetterReason, Counter>> deadLetters = new EnumMap<>(Source.class);
    private final Counter deadLettersReplayed;
    private final Map<OrderState, Counter> transitions = new EnumMap<>(OrderState.class);
    private final Map<ParkReason, Counter> parked = new EnumMap<>(ParkReason.class);
    private final Counter backorders;
    private final Counter backordersReleased;
    private final Map<CaptureOutcome, Timer> captures = new EnumMap<>(CaptureOutcome.class);
    private final Map<ShipmentOutcome, Counter> shipments = new EnumMap<>(ShipmentOutcome.class);
    private final Counter parcels;
    private final Counter consumerRewinds;
    private final Counter outboxPublished;
    private final Counter outboxFailedBatches;
    private final Map<HttpMethod, Map<HttpOutcome, Timer>> http = new EnumMap<>(HttpMethod.class);
    private final Map<MailChannel, Map<NotificationKind, Counter>> mailsDelivered = new EnumMap<>(MailChannel.class);
    private final Map<NotificationKind, Counter> mailsFailed = new EnumMap<>(NotificationKind.class);
    private final Map<NotificationKind, Counter> mailsParked = new EnumMap<>(NotificationKind.class);
    private final Map<NotificationKind, Counter> mailsSkipped = new EnumMap<>(NotificationKind.class);
    private final Map<SignIn, Counter> signIns = new EnumMap<>(SignIn.class);
    private final Counter signUps;
    private final Counter printersRegistered;
    private final Counter printersActivated;
    private final Counter quietPrintersNoticed;
    private final AtomicLong quietPrinters = new AtomicLong();
    private final Map<OrderState, AtomicLong> currentByState = new EnumMap<>(OrderState.class);
    private final AtomicLong openDeadLetters = new AtomicLong();

    public DispatcherMetrics(MeterRegistry registry) {
        ingested = Counter.builder("dispatcher.orders.ingested")
                .description("Orders stored for the first time").register(registry);
        duplicates = Counter.builder("dispatcher.orders.duplicates")
                .description("Readable orders whose id was already stored (replays, redeliveries)").register(registry);
        for (Source source : Source.values()) {
            Map<DeadLetterReason, Counter> byReason = new EnumMap<>(DeadLetterReason.class);
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                byReason.put(reason, Counter.builder("dispatcher.dead.letters")
                        .description("Consumed records set aside because they can never be stored")
                        .tag("source", source.name()).tag("reason", reason.name()).register(registry));
            }
            deadLetters.put(source, byReason);
        }
        deadLettersReplayed = Counter.builder("dispatcher.dead.letters.replayed")
                .description("Dead letters replayed successfully after a fix").register(registry);
        for (OrderState state : OrderState.values()) {
            transitions.put(state, Counter.builder("dispatcher.orders.state")
                    .description("Orders that entered each state (this instance)").tag("state", state.name())
                    .register(registry));
            AtomicLong current = new AtomicLong();
            currentByState.put(state, current);
            Gauge.builder("dispatcher.orders.current", current, AtomicLong::get)
                    .description("Orders in each state now, sampled from the database (terminal states every 5 min)")
                    .tag("state", state.name())
                    .register(registry);
        }
        for (ParkReason reason : ParkReason.values()) {
            parked.put(reason, Counter.builder("dispatcher.orders.parked")
                    .description("Orders parked for a person, by reason").tag("reason", reason.name())
                    .register(registry));
        }
        backorders = Counter.builder("dispatcher.backorders")
                .description("Orders backordered for lack of stock").register(registry);
        backordersReleased = Counter.builder("dispatcher.backorders.released")
                .description("Backordered orders released by a restock").register(registry);
        for (CaptureOutcome outcome : CaptureOutcome.values()) {
            captures.put(outcome, Timer.builder("dispatcher.payment.capture")
                    .description("Calls to the payment provider, by outcome").tag("outcome", outcome.name())
                    .register(registry));
        }
        for (ShipmentOutcome outcome : ShipmentOutcome.values()) {
            shipments.put(outcome, Counter.builder("dispatcher.shipments")
                    .description("Carrier answers, by outcome").tag("outcome", outcome.name()).register(registry));
        }
        parcels = Counter.builder("dispatcher.parcels.shipped")
                .description("Parcels the carrier created: one per order, or one per order group shipped together")
                .register(registry);
        consumerRewinds = Counter.builder("dispatcher.consumer.rewinds")
                .description("Batches not stored because of a server error, read again from the stored offsets")
                .register(registry);
        outboxPublished = Counter.builder("dispatcher.outbox.published")
                .description("Outbox records acknowledged by Kafka").register(registry);
        outboxFailedBatches = Counter.builder("dispatcher.outbox.failed.batches")
                .description("Outbox batches rolled back because Kafka did not acknowledge them").register(registry);
        for (HttpMethod method : HttpMethod.values()) {
            Map<HttpOutcome, Timer> byOutcome = new EnumMap<>(HttpOutcome.class);
            for (HttpOutcome outcome : HttpOutcome.values()) {
                byOutcome.put(outcome, Timer.builder("dispatcher.http.requests")
                        .description("HTTP API requests by method and outcome")
                        .tag("method", method.name()).tag("outcome", outcome.name()).register(registry));
            }
            http.put(method, byOutcome);
        }
        for (MailChannel channel : MailChannel.values()) {
            Map<NotificationKind, Counter> byKind = new EnumMap<>(NotificationKind.class);
            for (NotificationKind kind : NotificationKind.values()) {
                byKind.put(kind, Counter.builder("dispatcher.notifications.delivered")
                        .description("Notifications delivered, by kind and channel")
                        .tag("kind", kind.name()).tag("channel", channel.name()).register(registry));
            }
            mailsDelivered.put(channel, byKind);
        }
        for (NotificationKind kind : NotificationKind.values()) {
            mailsFailed.put(kind, Counter.builder("dispatcher.notifications.failed")
                    .description("Notification deliveries that failed and will be retried").tag("kind", kind.name())
                    .register(registry));
            mailsParked.put(kind, Counter.builder("dispatcher.notifications.parked")
                    .description("Notifications given up after repeated failures").tag("kind", kind.name())
                    .register(registry));
            mailsSkipped.put(kind, Counter.builder("dispatcher.notifications.skipped")
                    .description("Optional notifications not sent because the account opted out")
                    .tag("kind", kind.name()).register(registry));
        }
        for (SignIn outcome : SignIn.values()) {
            signIns.put(outcome, Counter.builder("dispatcher.portal.signins")
                    .description("Sign-ins on the customer pages, by outcome").tag("outcome", outcome.name())
                    .register(registry));
        }
        signUps = Counter.builder("dispatcher.portal.signups")
                .description("Accounts opened on the customer pages").register(registry);
        printersRegistered = Counter.builder("dispatcher.portal.printers.registered")
                .description("Printers registered on the customer pages").register(registry);
        printersActivated = Counter.builder("dispatcher.printers.activated")
                .description("Enrollments activated by their printer's first report").register(registry);
        Gauge.builder("dispatcher.dead.letters.open", openDeadLetters, AtomicLong::get)
                .description("Dead letters waiting for a person, sampled from the database").register(registry);
        quietPrintersNoticed = Counter.builder("dispatcher.printers.quiet.noticed")
                .description("Printers marked quiet, each with its one mail to the owner").register(registry);
        Gauge.builder("dispatcher.printers.quiet", quietPrinters, AtomicLong::get)
                .description("Active printers marked quiet now (owner mailed), sampled from the database")
                .register(registry);
    }

    // ---- counted once the caller's transaction committed ----

    public void countIngested(int orders, int duplicateOrders) {
        Tx.afterCommit(() -> {
            ingested.increment(orders);
            duplicates.increment(duplicateOrders);
            transitions.get(OrderState.PENDING).increment(orders);
        });
    }

    public void countDeadLetters(Source source, Map<DeadLetterReason, Integer> added) {
        Tx.afterCommit(() -> added.forEach((reason, n) -> deadLetters.get(source).get(reason).increment(n)));
    }

    public void countDeadLetterReplayed() {
        Tx.afterCommit(deadLettersReplayed::increment);
    }

    public void countTransition(OrderState to) {
        Tx.afterCommit(transitions.get(to)::increment);
    }

    public void countParked(ParkReason reason) {
        Tx.afterCommit(parked.get(reason)::increment);
    }

    public void countBackordered() {
        Tx.afterCommit(backorders::increment);
    }

    public void countBackordersReleased(int released) {
        Tx.afterCommit(() -> backordersReleased.increment(released));
    }

    public void countShipped() {
        Tx.afterCommit(shipments.get(ShipmentOutcome.SHIPPED)::increment);
    }

    public void countParcels(int created) {
        Tx.afterCommit(() -> parcels.increment(created));
    }

    public void countPrintersActivated(int printers) {
        Tx.afterCommit(() -> printersActivated.increment(printers));
    }

    public void countQuietPrintersNoticed(int printers) {
        Tx.afterCommit(() -> quietPrintersNoticed.increment(printers));
    }

    public void countOutboxPublished(int records) {
        Tx.afterCommit(() -> outboxPublished.increment(records));
    }

    // ---- recorded at once ----

    public void recordCapture(CaptureOutcome outcome, Duration duration) {
        captures.get(outcome).record(duration);
    }

    /** A carrier answer that changes nothing in the database by itself (unknown, refused address). */
    public void recordShipmentAnswer(ShipmentOutcome outcome) {
        shipments.get(outcome).increment();
    }

    public void recordConsumerRewind() {
        consumerRewinds.increment();
    }

    public void recordOutboxFailedBatch() {
        outboxFailedBatches.increment();
    }

    /** Notification outcomes; the deliverer records them once its transaction committed. */
    public void recordNotificationDelivered(NotificationKind kind, MailChannel channel) {
        mailsDelivered.get(channel).get(kind).increment();
    }

    public void recordNotificationFailed(NotificationKind kind) {
        mailsFailed.get(kind).increment();
    }

    public void recordNotificationParked(NotificationKind kind) {
        mailsParked.get(kind).increment();
    }

    public void recordNotificationSkipped(NotificationKind kind) {
        mailsSkipped.get(kind).increment();
    }

    /** Customer page outcomes, recorded once the page's transaction committed. */
    public void recordSignIn(SignIn outcome) {
        signIns.get(outcome).increment();
    }

    public void recordSignUp() {
        signUps.increment();
    }

    public void recordPrinterRegistered() {
        printersRegistered.increment();
    }

    public void recordHttpRequest(String method, int status, Duration duration) {
        http.get(HttpMethod.of(method)).get(HttpOutcome.of(status)).record(duration);
    }

    /** The sampled figures (state gauges, open dead letters, quiet printers). */
    public void sampleOrdersByState(Map<OrderState, Long> counts) {
        currentByState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
    }

    public void sampleOpenDeadLetters(long open) {
        openDeadLetters.set(open);
    }

    public void sampleQuietPrinters(long quiet) {
        quietPrinters.set(quiet);
    }
}
