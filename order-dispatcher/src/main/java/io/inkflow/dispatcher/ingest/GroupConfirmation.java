package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.fulfilment.OrderMail;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.OrderStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one confirmation of an order group, written once every order of the group is stored: streams writes a
 * group's orders in one transaction, next to each other on one partition, so they nearly always arrive in one
 * batch; when a poll splits them, the batch that completes the group writes the mail. Its dedupe key is the
 * group's, so a replay writes nothing twice.
 */
final class GroupConfirmation {
    private final OrderStore orders;

    GroupConfirmation(OrderStore orders) {
        this.orders = orders;
    }

    List<NotificationOutbox.Request> ofCompleteGroups(Connection c, Collection<String> groupIds) throws SQLException {
        List<NotificationOutbox.Request> mails = new ArrayList<>();
        orders.completeGroups(c, groupIds).forEach((groupId, members) -> mails.add(OrderMail.ofGroup(
                NotificationKind.ORDER_CONFIRMATION, "order-confirmation:group:" + groupId, groupId, members, Map.of())));
        return mails;
    }
}
