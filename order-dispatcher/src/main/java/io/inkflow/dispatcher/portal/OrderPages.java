package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.dispatcher.portal.orders.CustomerOrders;
import io.inkflow.dispatcher.portal.view.Form;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.regex.Pattern;

/** The customer's orders, and asking for a backordered one to be cancelled. */
final class OrderPages {
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final int SHOWN = 200;

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final CustomerOrders orders;
    private final CancellationRequests requests;

    OrderPages(PortalWeb web, Pages pages, Tx tx, CustomerOrders orders, CancellationRequests requests) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.orders = orders;
        this.requests = requests;
    }

    void register() {
        web.accountGet("/account/orders", (ctx, v) -> page(ctx, v, "", 200));
        web.accountPost("/account/orders/{orderId}/cancellation-request", this::requestCancellation);
    }

    private void page(Context ctx, Visit v, String problem, int status) {
        pages.render(ctx, status, "account/orders.jte", Map.of("frame", v.frame("Your orders", "orders"),
                "orders", tx.run(c -> orders.list(c, v.accountId(), SHOWN)), "problem", problem));
    }

    private void requestCancellation(Context ctx, Visit v) {
        String orderId = ctx.pathParam("orderId");
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new PageNotFound(orderId);
        }
        Form form = Form.of(ctx.formParamMap());
        String reason = form.multiline("reason", "Reason", 500);
        if (!form.valid()) {
            page(ctx, v, form.error("reason"), 400);
            return;
        }
        switch (tx.run(c -> requests.request(c, v.accountId(), orderId, reason, v.now()))) {
            case CancellationRequests.Outcome.Requested requested ->
                    ctx.redirect("/account/orders?notice=cancellation-requested", HttpStatus.SEE_OTHER);
            case CancellationRequests.Outcome.NotFound missing -> throw new PageNotFound(orderId);
            case CancellationRequests.Outcome.NotBackordered not -> page(ctx, v, "Order " + orderId
                    + " is no longer waiting for stock, so it can no longer be cancelled here.", 409);
            case CancellationRequests.Outcome.AlreadyRequested already -> page(ctx, v,
                    "You have already asked us to cancel order " + orderId + ".", 409);
        }
    }
}
