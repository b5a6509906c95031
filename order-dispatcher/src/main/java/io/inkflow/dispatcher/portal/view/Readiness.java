package io.inkflow.dispatcher.portal.view;

/** What a customer still needs before registering a printer: a confirmed e-mail, an address and a card. */
public record Readiness(boolean verified, boolean address, boolean payment) {
    public boolean ready() {
        return verified && address && payment;
    }
}
