package io.inkflow.dispatcher.notify;

import java.net.URI;
import java.util.UUID;

/**
 * A notification rendered for delivery.
 *
 * @param recipient   the account's current e-mail; null when the account does not exist
 * @param unsubscribe the one-click unsubscribe link of an optional mail; null for a service mail
 */
public record OutgoingMail(UUID notificationId, NotificationKind kind, String accountId, String orderId,
                           String recipient, MailRenderer.Rendered content, URI unsubscribe) {
}
