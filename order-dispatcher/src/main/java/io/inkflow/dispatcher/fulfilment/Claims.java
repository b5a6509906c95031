package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.order.Transition;
import io.inkflow.dispatcher.persistence.InventoryStore.Delta;
import io.inkflow.dispatcher.persistence.OrderStore.Claimed;
import io.inkflow.dispatcher.persistence.StoredOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The transaction that starts a batch: lease the due orders and reserve a unit for each PENDING Canon order
 * that has none, oldest order first. The units are reserved by the last statement, so the SKUs' stock rows
 * are locked only for the commit: every batch reserves stock of the same few SKUs, and a lock held across a
 * batch's other work would make the batches wait for each other. An order the stock does not reach is
 * backordered (its customer told) and leaves the batch; with {@link GroupBackorder#WAIT} the rest of its
 * order group is backordered with it.
 */
final class Claims {
    private final FulfilmentContext ctx;

    Claims(FulfilmentContext ctx) {
        this.ctx = ctx;
    }

    /** Claims up to {@code limit} orders; returns those to process now (the backordered ones are not). */
    List<String> claim(Connection c, int limit) throws SQLException {
        Instant now = ctx.clock().instant();
        List<Claimed> claimed = ctx.orders().claim(c, ctx.owner(), now, ctx.lease(), limit);
        List<Claimed> needUnit = claimed.stream().filter(Claimed::newlyReserved)
                .sorted(Comparator.comparing(Claimed::createdAt).thenComparing(Claimed::orderId)).toList();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        needUnit.forEach(o -> wanted.merge(o.sku(), 1, Integer::sum));
        Map<String, Integer> granted = new HashMap<>(ctx.inventory().reserveUpTo(c, wanted, now));
        Set<String> backordered = new HashSet<>();
        for (Claimed order : needUnit) {
            int units = granted.getOrDefault(order.sku(), 0);
            if (units > 0) {
                granted.put(order.sku(), units - 1);
            } else {
                backordered.add(order.orderId());
            }
        }
        Set<String> waitingForTheirGroup = ctx.groupBackorder() == GroupBackorder.WAIT
                ? waitWithTheirGroups(c, claimed, backordered, now) : Set.of();
        if (!backordered.isEmpty()) {
            backorder(c, backordered, waitingForTheirGroup, now);
        }
        List<String> batch = new ArrayList<>(claimed.size());
        claimed.stream().map(Claimed::orderId).filter(id -> !backordered.contains(id)).forEach(batch::add);
        return batch;
    }

    /**
     * {@link GroupBackorder#WAIT}: the PENDING orders of a group that has an order without stock (in this claim,
     * or backordered earlier) are backordered with it, and the units they were given go back to the stock. A
     * restock that releases the waiting order releases them too ({@code OrderStore.lockWaitingSiblings}). Returns
     * the orders added to {@code backordered} this way.
     */
    private Set<String> waitWithTheirGroups(Connection c, List<Claimed> claimed, Set<String> backordered, Instant now)
            throws SQLException {
        Set<String> groups = new HashSet<>();
        claimed.stream().map(Claimed::groupId).filter(Objects::nonNull).forEach(groups::add);
        if (groups.isEmpty()) {
            return Set.of();
        }
        Set<String> waiting = new HashSet<>(ctx.orders().groupsWithBackorders(c, groups));
        claimed.stream().filter(o -> backordered.contains(o.orderId()) && o.groupId() != null)
                .forEach(o -> waiting.add(o.groupId()));
        Map<String, Delta> returned = new TreeMap<>();
        Set<String> added = new HashSet<>();
        for (Claimed order : claimed) {
            if (order.groupId() != null && waiting.contains(order.groupId()) && order.needsStock()
                    && backordered.add(order.orderId())) {
                added.add(order.orderId());
                returned.merge(order.sku(), new Delta(0, -1), (a, b) -> new Delta(0, a.reserved() - 1));
            }
        }
        ctx.inventory().lockOnHand(c, returned.keySet());
        ctx.inventory().adjust(c, returned, now);
        return added;
    }

    /**
     * No unit for them: BACKORDERED, the customer told, the lease back; a restock releases them. An order that only
     * waits for its group is not mailed: its cartridge is in stock, and the one it waits for has its own mail.
     */
    private void backorder(Connection c, Set<String> orderIds, Set<String> waitingForTheirGroup, Instant now)
            throws SQLException {
        ctx.orders().setStockReserved(c, orderIds, false, now);
        StageWrites writes = new StageWrites(ctx);
        for (StoredOrder order : ctx.orders().lockLeased(c, orderIds, ctx.owner())) {
            writes.transition(order, new Transition.Backorder());
            if (!waitingForTheirGroup.contains(order.orderId())) {
                writes.mail(OrderMail.of(NotificationKind.BACKORDER, "backorder:" + order.orderId(), order, Map.of()));
            }
            writes.done(order.orderId());
            ctx.metrics().countBackordered();
        }
        writes.flush(c, now);
    }
}
