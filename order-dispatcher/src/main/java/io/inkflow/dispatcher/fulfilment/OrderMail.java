package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.StoredOrder;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The notifications about one order, or about the orders of one group, with the values the templates use. */
public final class OrderMail {
    private OrderMail() {
    }

    /** @param dedupeKey unique per cause: a replayed cause writes nothing twice */
    static NotificationOutbox.Request of(NotificationKind kind, String dedupeKey, StoredOrder order,
                                         Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("orderId", order.orderId());
        values.put("serial", order.serial());
        values.put("model", order.model());
        values.put("sku", order.sku());
        values.put("slot", order.slot());
        values.put("colour", order.colour() == null ? order.slot() : order.colour());
        return new NotificationOutbox.Request(kind, dedupeKey, order.accountId(), order.orderId(), values);
    }

    /**
     * One notification about several orders of a group (its confirmation, its parcel): the printer's values,
     * and one line per order.
     */
    public static NotificationOutbox.Request ofGroup(NotificationKind kind, String dedupeKey, String groupId,
                                                     List<StoredOrder> orders, Map<String, String> extra) {
        List<StoredOrder> sorted = orders.stream().sorted(Comparator.comparing(StoredOrder::slot)).toList();
        StoredOrder first = sorted.getFirst();
        Map<String, String> values = new HashMap<>(extra);
        values.put("serial", first.serial());
        values.put("model", first.model());
        values.put("groupId", groupId);
        values.put("count", String.valueOf(sorted.size()));
        values.put("lines", sorted.stream().map(o -> line(o.sku(), o.colour(), o.slot()))
                .collect(Collectors.joining("\n")));
        values.put("orderIds", sorted.stream().map(StoredOrder::orderId).collect(Collectors.joining(", ")));
        return new NotificationOutbox.Request(kind, dedupeKey, first.accountId(), first.orderId(), values);
    }

    /** How a group's mail lists one cartridge. */
    private static String line(String sku, String colour, String slot) {
        return sku + " (" + (colour == null ? slot : colour) + ")";
    }

    static String money(Long cents) {
        return cents == null ? "-" : String.format(Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
    }

    static String humanDuration(Duration duration) {
        long hours = duration.toHours();
        return hours % 24 == 0 ? hours / 24 + " days" : hours + " hours";
    }
}
