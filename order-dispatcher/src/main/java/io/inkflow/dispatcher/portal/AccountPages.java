package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.printers.CustomerPrinters;
import java.util.Map;

/** The account overview: every registered printer, its plan, levels, and last order. */
final class AccountPages {
    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final CustomerPrinters printers;

    AccountPages(PortalWeb web, Pages pages, Tx tx, CustomerPrinters printers) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.printers = printers;
    }

    void register() {
        web.accountGet("/account", (ctx, v) -> pages.render(ctx, "account/overview.jte",
                Map.of("frame", v.frame("Your account", "overview"),
                        "printers", tx.run(c -> printers.list(c, v.accountId())))));
    }
}
