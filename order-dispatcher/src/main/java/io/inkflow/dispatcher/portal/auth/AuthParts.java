package io.inkflow.dispatcher.portal.auth;

import io.inkflow.dispatcher.notify.NotificationOutbox;

/**
 * The stores and outbox the sign-in flows share, and the pages' public address for the links they mail.
 */
public record AuthParts(Logins logins, OneTimeTokens tokens, Sessions sessions, SignInThrottle throttle,
                        NotificationOutbox notifications, String baseUrl) {
}
