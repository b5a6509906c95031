package io.inkflow.dispatcher.portal;

/**
 * Thrown by a page handler for anything the customer may not see: it does not exist, or it belongs to
 * another account. Both answer the same 404 page, so nothing can be learnt by probing.
 */
public final class PageNotFound extends RuntimeException {
    public PageNotFound(String what) {
        super(what, null, false, false);
    }
}
