package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.persistence.StoredOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits the orders of a step into what goes to a provider as one request: the orders of one order group that
 * agree on what the request needs (the card, the address) together, every other order alone. Members come
 * sorted by order id, the order a resumed request reads them back in.
 */
final class Together {
    private Together() {
    }

    /**
     * @param order what to group by: the item's order
     * @param terms what must be equal for the group's orders to share a request
     */
    static <T> List<List<T>> requests(List<T> items, Function<T, StoredOrder> order, Function<T, Object> terms) {
        Map<String, List<T>> requests = new LinkedHashMap<>();
        for (T item : items) {
            StoredOrder o = order.apply(item);
            String key = o.groupId() == null ? "order|" + o.orderId() : "group|" + o.groupId() + '|' + terms.apply(item);
            requests.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
        }
        List<List<T>> all = new ArrayList<>();
        for (List<T> request : requests.values()) {
            List<T> sorted = new ArrayList<>(request);
            sorted.sort(Comparator.comparing(item -> order.apply(item).orderId()));
            all.add(sorted);
        }
        return all;
    }
}
