package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.book.PaymentMethods.NewMethod;
import io.inkflow.dispatcher.portal.book.PaymentMethods;
import io.inkflow.dispatcher.portal.book.Removal;
import io.inkflow.dispatcher.portal.book.SandboxCards;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.Option;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Saved payment methods: list, add (a sandbox test card; see {@link SandboxCards}), remove, make default.
 * A new default is what failed payments are retried with, as in the JSON API.
 */
final class PaymentPages {
    private static final Set<String> CARDS = Arrays.stream(SandboxCards.values()).map(Enum::name)
            .collect(Collectors.toSet());

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final PaymentMethods methods;
    private final OrderCommands orders;
    private final boolean sandboxCards;

    PaymentPages(PortalWeb web, Pages pages, Tx tx, PaymentMethods methods, OrderCommands orders,
                 boolean sandboxCards) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.methods = methods;
        this.orders = orders;
        this.sandboxCards = sandboxCards;
    }

    void register() {
        web.accountGet("/account/payment-methods", (ctx, v) -> list(ctx, v, null, 200));
        web.accountGet("/account/payment-methods/new", (ctx, v) -> form(ctx, v, PortalWeb.emptyFormFrom(ctx), 200));
        web.accountPost("/account/payment-methods/new", this::add);
        web.accountPost("/account/payment-methods/{id}/remove", this::remove);
        web.accountPost("/account/payment-methods/{id}/default", this::makeDefault);
    }

    private void list(Context ctx, Visit v, String problem, int status) {
        pages.render(ctx, status, "account/payment-methods.jte", Map.of(
                "frame", v.frame("Payment methods", "settings"),
                "methods", tx.run(c -> methods.list(c, v.accountId())), "problem", problem == null ? "" : problem));
    }

    private void form(Context ctx, Visit v, Form form, int status) {
        List<Option> cards = Arrays.stream(SandboxCards.values()).map(c -> new Option(c.name(), c.label())).toList();
        int year = Year.now(ZoneOffset.UTC).getValue();
        List<Option> years = new ArrayList<>();
        for (int y = year; y <= year + 12; y++) {
            years.add(new Option(String.valueOf(y), String.valueOf(y)));
        }
        List<Option> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(new Option(String.valueOf(m), String.format("%02d", m)));
        }
        pages.render(ctx, status, "account/payment-form.jte", Map.of("frame", v.frame("Add a payment method",
                "settings"), "form", form, "cards", cards, "months", months, "years", years,
                "sandboxCards", sandboxCards));
    }

    private void add(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        if (!sandboxCards) {
            form(ctx, v, form.reject("card", "Cards cannot be added on these pages with this payment provider yet"),
                    409);
            return;
        }
        String card = form.choice("card", "Select a card", CARDS);
        int year = Year.now(ZoneOffset.UTC).getValue();
        String month = form.choice("expMonth", "Select the month the card expires",
                Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"));
        String expYear = form.value("expYear");
        if (!expYear.matches("20[0-9]{2}") || Integer.parseInt(expYear) < year || Integer.parseInt(expYear) > year + 12) {
            form.reject("expYear", "Select the year the card expires");
        }
        String nickname = form.text("nickname", "Nickname", false, 40);
        if (!form.valid()) {
            form(ctx, v, form, 400);
            return;
        }
        SandboxCards chosen = SandboxCards.valueOf(card);
        NewMethod method = new NewMethod(chosen.token(), chosen.brand(), chosen.last4(), Integer.parseInt(month),
                Integer.parseInt(expYear), nickname);
        tx.runVoid(c -> {
            boolean first = methods.list(c, v.accountId()).isEmpty();
            methods.add(c, v.accountId(), method, v.now());
            if (first) {
                orders.retryFailedPayments(c, v.accountId());
            }
        });
        String next = form.value("next");
        ctx.redirect(next.equals("/account/printers/new") ? next + "?notice=payment-saved"
                : "/account/payment-methods?notice=payment-saved", HttpStatus.SEE_OTHER);
    }

    private void remove(Context ctx, Visit v) {
        String id = ctx.pathParam("id");
        Removal removal = tx.run(c -> methods.remove(c, v.accountId(), id, v.now()));
        if (removal instanceof Removal.NotFound) {
            throw new PageNotFound(id);
        }
        String problem = removal.problem("your default payment method", "is paid with this method",
                "another method");
        if (problem != null) {
            list(ctx, v, problem, 409);
            return;
        }
        ctx.redirect("/account/payment-methods?notice=payment-removed", HttpStatus.SEE_OTHER);
    }

    private void makeDefault(Context ctx, Visit v) {
        String id = ctx.pathParam("id");
        boolean changed = tx.run(c -> {
            boolean done = methods.makeDefault(c, v.accountId(), id, v.now());
            if (done) {
                orders.retryFailedPayments(c, v.accountId());
            }
            return done;
        });
        if (!changed) {
            throw new PageNotFound(id);
        }
        ctx.redirect("/account/payment-methods?notice=payment-saved", HttpStatus.SEE_OTHER);
    }
}
