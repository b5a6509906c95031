package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.StoredOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one stage of a batch decided for its orders, gathered so it is written with one statement per
 * kind of change: transitions (with their events), notifications, parked orders, transient failures and
 * orders whose lease goes back because nothing is left to do now.
 */
final class StageWrites {
    private static final Logger log = LoggerFactory.getLogger(StageWrites.class);

    private record Park(String orderId, ParkReason reason, String detail) {
    }

    private final FulfilmentContext ctx;
    private final List<OrderStore.Change> changes = new ArrayList<>();
    private final List<NotificationOutbox.Request> mails = new ArrayList<>();
    private final List<Park> parks = new ArrayList<>();
    private final Map<String, OrderStore.Failure> failures = new LinkedHashMap<>();
    private final List<String> done = new ArrayList<>();

    StageWrites(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    void transition(StoredOrder order, Transition transition) {
        changes.add(new OrderStore.Change(order, transition));
    }

    void mail(NotificationOutbox.Request request) {
        mails.add(request);
    }

    /** A person (fulfilment or the customer) must act before the order moves again. */
    void park(String orderId, ParkReason reason, String detail) {
        parks.add(new Park(orderId, reason, detail));
    }

    /** A transient failure: try again after the back-off; parked after too many. */
    void fail(String orderId, String reason) {
        fail(orderId, reason, null);
    }

    /** A transient failure after which the provider asked us to wait {@code retryAfter} (null: the back-off). */
    void fail(String orderId, String reason, Duration retryAfter) {
        Instant now = ctx.clock().instant();
        Duration wait = retryAfter == null || retryAfter.compareTo(ctx.retryBackoff()) < 0 ? ctx.retryBackoff()
                : retryAfter;
        failures.put(orderId, new OrderStore.Failure(reason, now.plus(wait)));
    }

    /** Nothing left to do for now: give the lease back. */
    void done(String orderId) {
        done.add(orderId);
    }

    void flush(Connection c, Instant now) throws SQLException {
        // an order that moves and is done gives its lease back with the same update
        Set<String> releasing = new HashSet<>(done);
        List<OrderStore.Change> moves = new ArrayList<>(changes.size());
        for (OrderStore.Change change : changes) {
            boolean release = releasing.remove(change.order().orderId());
            moves.add(new OrderStore.Change(change.order(), change.transition(), release));
        }
        ctx.orders().transitionAll(c, moves, now);
        ctx.notifications().enqueueAll(c, mails);
        for (Park park : parks) {
            if (ctx.orders().park(c, park.orderId(), park.reason(), park.detail(), now)) {
                log.warn("Order parked, waiting for a person [orderId={}, reason={}, detail={}]", park.orderId(),
                        park.reason(), park.detail());
            }
        }
        List<String> parked = ctx.orders().recordFailures(c, failures, ctx.owner(), ctx.maxFailures(), now);
        failures.forEach((orderId, failure) -> {
            String reason = failure.detail();
            if (parked.contains(orderId)) {
                log.error("Order parked after repeated failures, a person must look [orderId={}, reason={}]",
                        orderId, reason);
            } else {
                log.warn("Order step failed, will retry [orderId={}, reason={}]", orderId, reason);
            }
        });
        ctx.orders().release(c, releasing, ctx.owner(), now);
    }
}
