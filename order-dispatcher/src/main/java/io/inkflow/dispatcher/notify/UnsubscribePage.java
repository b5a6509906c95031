package io.inkflow.dispatcher.notify;

/**
 * What the unsubscribe page shows (template {@code html/unsubscribe.jte}).
 *
 * @param what   the mail the link stops, in words
 * @param action where the page's forms post (the same link)
 */
public record UnsubscribePage(State state, String what, String action) {

    /** Asking, done, or a link that does not verify. */
    public enum State {
        CONFIRM, DONE, INVALID
    }
}
