package io.inkflow.dispatcher.notify;

/** Where a notification was delivered: a real mail relay, or the local mailbox table (sandbox). */
public enum MailChannel {
    SMTP, MAILBOX
}
