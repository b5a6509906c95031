package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.StoredOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The notifications about one order, with the values every order template uses. */
final class OrderMail {
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

    static String money(Long cents) {
        return cents == null ? "-" : String.format(Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
    }

    static String humanDuration(Duration duration) {
        long hours = duration.toHours();
        return hours % 24 == 0 ? hours / 24 + " days" : hours + " hours";
    }
}
