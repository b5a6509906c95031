package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.metrics.DispatcherMetrics.CaptureOutcome;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeOutcome;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeRequest;
import io.inkflow.dispatcher.payment.PaymentProvider.Line;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.persistence.PaymentAttempts.Attempt;
import io.inkflow.dispatcher.persistence.Shipments.Shipment;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.StoredOrder;
import io.inkflow.dispatcher.shipping.AmazonChannel.AmazonOrder;
import io.inkflow.dispatcher.shipping.Carrier.Item;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentOutcome;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The remote calls of a batch (payment provider, carrier, Amazon channel), each on its own virtual
 * thread so slow providers overlap: a batch of 200 orders at 300 ms per call takes about 300 ms, not a
 * minute. A call whose intent was left by an earlier run asks the provider by idempotency key first and
 * only calls again when the provider never saw the key.
 *
 * <p>Every answer is a value: an outcome, an unknown outcome (the provider did not answer), or a bug in
 * the adapter. Only an {@link Error} escapes, as a crash would.
 */
final class RemoteCalls {
    private final FulfilmentContext ctx;

    RemoteCalls(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A charge to make; {@code resumed} when an earlier run stored the intent (ask the provider first). The
     * orders of a group charged together each have a call with the same key, reference (the group) and lines
     * (every order under the key): one request is made for all of them.
     */
    record ChargeCall(StoredOrder order, Attempt attempt, boolean resumed, String reference, List<Line> lines) {
        /** The charge of one order alone. */
        ChargeCall(StoredOrder order, Attempt attempt, boolean resumed) {
            this(order, attempt, resumed, order.orderId(), List.of());
        }

        ChargeRequest request() {
            long amount = lines.isEmpty() ? attempt.amountCents() : lines.stream().mapToLong(Line::amountCents).sum();
            return new ChargeRequest(attempt.idempotencyKey(), reference, attempt.paymentToken(), amount, lines);
        }
    }

    record ForwardCall(StoredOrder order, boolean resumed) {
    }

    /** A parcel to buy; the orders of a group's parcel each have a call with the same key, reference and items. */
    record ShipCall(StoredOrder order, Shipment shipment, boolean resumed, String reference, List<Item> items) {
        /** The parcel of one order alone. */
        ShipCall(StoredOrder order, Shipment shipment, boolean resumed) {
            this(order, shipment, resumed, order.orderId(), List.of(new Item(order.orderId(), order.sku())));
        }

        ShipmentRequest request() {
            return new ShipmentRequest(shipment.idempotencyKey(), reference, items, shipment.shipTo());
        }
    }

    /** What a call came back with. */
    sealed interface Answer<T> {
        /** The provider answered. */
        record Known<T>(T value) implements Answer<T> {
        }

        /**
         * No answer: timeout, connection lost, answer lost; the call may or may not have taken effect.
         *
         * @param retryAfter how long the provider asked us to wait, or null
         */
        record Unknown<T>(String reason, Duration retryAfter) implements Answer<T> {
        }

        /** Our adapter failed in a way it should not: a bug, parked for a person. */
        record Broken<T>(RuntimeException error) implements Answer<T> {
        }
    }

    record Answered<C, T>(C call, Answer<T> answer) {
    }

    /** One request per idempotency key: the orders of a group charged together share the answer. */
    List<Answered<ChargeCall, ChargeOutcome>> charge(List<ChargeCall> calls) {
        return perKey(calls, call -> call.attempt().idempotencyKey(), shared -> {
            ChargeCall call = shared.getFirst();
            long start = System.nanoTime();
            Answer<ChargeOutcome> answer = ask(() -> {
                Optional<ChargeOutcome> earlier = call.resumed()
                        ? ctx.paymentProvider().lookup(call.attempt().idempotencyKey()) : Optional.empty();
                return earlier.isPresent() ? earlier.get() : ctx.paymentProvider().charge(call.request());
            });
            ctx.metrics().recordCapture(captureOutcome(answer), Duration.ofNanos(System.nanoTime() - start));
            if (answer instanceof Answer.Known<ChargeOutcome>) {
                shared.forEach(c -> ctx.checkpoints().reached(Checkpoint.CHARGE_REQUESTED, c.order().orderId()));
            }
            return answer;
        });
    }

    List<Answered<ForwardCall, String>> forward(List<ForwardCall> calls) {
        return inParallel(calls, call -> {
            StoredOrder order = call.order();
            String key = Shipments.amazonKey(order.orderId());
            Answer<String> answer = ask(() -> {
                Optional<String> earlier = call.resumed() ? ctx.amazon().lookup(key) : Optional.empty();
                return earlier.isPresent() ? earlier.get() : ctx.amazon().forward(new AmazonOrder(key,
                        order.orderId(), order.accountId(), order.serial(), order.sku()));
            });
            if (answer instanceof Answer.Known<String>) {
                ctx.checkpoints().reached(Checkpoint.FORWARD_REQUESTED, order.orderId());
            }
            return answer;
        });
    }

    /** One request per idempotency key: the orders of a group's parcel share the answer. */
    List<Answered<ShipCall, ShipmentOutcome>> ship(List<ShipCall> calls) {
        return perKey(calls, call -> call.shipment().idempotencyKey(), shared -> {
            ShipCall call = shared.getFirst();
            Shipment shipment = call.shipment();
            Answer<ShipmentOutcome> answer = ask(() -> {
                Optional<ShipmentOutcome.Shipped> earlier = call.resumed()
                        ? ctx.carrier().lookup(shipment.idempotencyKey()) : Optional.empty();
                return earlier.isPresent() ? earlier.get() : ctx.carrier().ship(call.request());
            });
            if (answer instanceof Answer.Unknown<ShipmentOutcome>) {
                ctx.metrics().recordShipmentAnswer(DispatcherMetrics.ShipmentOutcome.UNKNOWN);
            }
            if (answer instanceof Answer.Known<ShipmentOutcome>) {
                shared.forEach(c -> ctx.checkpoints().reached(Checkpoint.SHIPMENT_REQUESTED, c.order().orderId()));
            }
            return answer;
        });
    }

    /**
     * Makes one remote call per distinct key (the first call of the key stands for all, which carry the same
     * request) and gives each call its key's answer, in the calls' order.
     */
    private static <C, T> List<Answered<C, T>> perKey(List<C> calls, Function<C, String> key,
                                                      Function<List<C>, Answer<T>> task) {
        Map<String, List<C>> byKey = new LinkedHashMap<>();
        calls.forEach(call -> byKey.computeIfAbsent(key.apply(call), k -> new ArrayList<>()).add(call));
        List<List<C>> shared = List.copyOf(byKey.values());
        Map<String, Answer<T>> answers = new HashMap<>();
        for (Answered<List<C>, T> answered : inParallel(shared, task)) {
            answers.put(key.apply(answered.call().getFirst()), answered.answer());
        }
        List<Answered<C, T>> all = new ArrayList<>(calls.size());
        calls.forEach(call -> all.add(new Answered<>(call, answers.get(key.apply(call)))));
        return all;
    }

    /** A remote call that may fail with an unknown outcome. */
    @FunctionalInterface
    private interface Remote<T> {
        T call() throws ProviderUnavailableException;
    }

    private static <T> Answer<T> ask(Remote<T> remote) {
        try {
            return new Answer.Known<>(remote.call());
        } catch (ProviderUnavailableException e) {
            return new Answer.Unknown<>(e.getMessage(), e.retryAfter().orElse(null));
        } catch (RuntimeException e) {
            return new Answer.Broken<>(e);
        }
    }

    private static CaptureOutcome captureOutcome(Answer<ChargeOutcome> answer) {
        return switch (answer) {
            case Answer.Known<ChargeOutcome> known -> switch (known.value()) {
                case ChargeOutcome.Captured captured -> CaptureOutcome.CAPTURED;
                case ChargeOutcome.Declined declined -> CaptureOutcome.DECLINED;
                case ChargeOutcome.RequiresAction action -> CaptureOutcome.REQUIRES_ACTION;
            };
            case Answer.Unknown<ChargeOutcome> unknown -> CaptureOutcome.UNKNOWN;
            case Answer.Broken<ChargeOutcome> broken -> CaptureOutcome.UNKNOWN;
        };
    }

    /** One task per call, all on virtual threads; waits for all; an Error in any is rethrown. */
    private static <C, T> List<Answered<C, T>> inParallel(List<C> calls, Function<C, Answer<T>> task) {
        if (calls.isEmpty()) {
            return List.of();
        }
        List<Future<Answer<T>>> futures = new ArrayList<>(calls.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (C call : calls) {
                Callable<Answer<T>> work = () -> task.apply(call);
                futures.add(executor.submit(work));
            }
        }
        List<Answered<C, T>> answered = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            answered.add(new Answered<>(calls.get(i), result(futures.get(i))));
        }
        return answered;
    }

    private static <T> Answer<T> result(Future<Answer<T>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Unknown<>("interrupted while waiting for the provider", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return new Answer.Broken<>(e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(e.getCause()));
        }
    }
}
