package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.persistence.Tx;
import java.util.Map;

/** The account overview. */
final class AccountPages {
    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;

    AccountPages(PortalWeb web, Pages pages, Tx tx) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
    }

    void register() {
        web.accountGet("/account", (ctx, v) -> pages.render(ctx, "account/overview.jte",
                Map.of("frame", v.frame("Your account", "overview"))));
    }
}
