package io.inkflow.dispatcher.portal.auth;

import io.inkflow.dispatcher.notify.NotificationOutbox;

/**
 * The stores and the notification outbox the sign-in flows share.
 */
public record AuthParts(Logins logins, OneTimeTokens tokens, Sessions sessions, SignInThrottle throttle,
                        NotificationOutbox notifications) {
}
