package io.inkflow.dispatcher.notify;

import java.util.UUID;

/** A notification claimed for delivery. */
public record PendingNotification(UUID notificationId, NotificationKind kind, String accountId, String orderId,
                                  String recipient, String subject, String body) {
}
