package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.book.AddressBook.NewAddress;
import io.inkflow.dispatcher.portal.book.AddressBook;
import io.inkflow.dispatcher.portal.book.Removal;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.Option;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/** The address book: list, add, edit, remove, default shipping and billing. */
final class AddressPages {
    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final AddressBook book;
    private final OrderCommands orders;

    AddressPages(PortalWeb web, Pages pages, Tx tx, AddressBook book, OrderCommands orders) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.book = book;
        this.orders = orders;
    }

    void register() {
        web.accountGet("/account/addresses", (ctx, v) -> list(ctx, v, null, 200));
        web.accountGet("/account/addresses/new", (ctx, v) -> form(ctx, v, PortalWeb.emptyFormFrom(ctx), null, 200));
        web.accountPost("/account/addresses/new", this::add);
        web.accountGet("/account/addresses/{id}", this::edit);
        web.accountPost("/account/addresses/{id}", this::update);
        web.accountPost("/account/addresses/{id}/remove", this::remove);
        web.accountPost("/account/addresses/{id}/default-shipping", (ctx, v) -> makeDefault(ctx, v, true));
        web.accountPost("/account/addresses/{id}/default-billing", (ctx, v) -> makeDefault(ctx, v, false));
    }

    private void list(Context ctx, Visit v, String problem, int status) {
        List<AddressBook.Entry> entries = tx.run(c -> book.list(c, v.accountId()));
        pages.render(ctx, status, "account/addresses.jte", Map.of("frame", v.frame("Address book", "settings"),
                "entries", entries, "problem", problem == null ? "" : problem));
    }

    private void form(Context ctx, Visit v, Form form, String addressId, int status) {
        pages.render(ctx, status, "account/address-form.jte", Map.of(
                "frame", v.frame(addressId == null ? "Add an address" : "Change an address", "settings"),
                "form", form, "action", addressId == null ? "/account/addresses/new" : "/account/addresses/" + addressId,
                "countries", Option.COUNTRIES, "adding", addressId == null));
    }

    private void add(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        NewAddress address = AddressFields.read(form);
        if (address == null) {
            form(ctx, v, form, null, 400);
            return;
        }
        tx.run(c -> book.add(c, v.accountId(), address, v.now()));
        String next = form.value("next");
        ctx.redirect(next.equals("/account/printers/new") ? next + "?notice=address-saved"
                : "/account/addresses?notice=address-saved", HttpStatus.SEE_OTHER);
    }

    private void edit(Context ctx, Visit v) {
        String id = ctx.pathParam("id");
        AddressBook.Entry entry = tx.run(c -> book.find(c, v.accountId(), id)).orElseThrow(() -> new PageNotFound(id));
        form(ctx, v, AddressFields.filled(entry.address()), id, 200);
    }

    private void update(Context ctx, Visit v) {
        String id = ctx.pathParam("id");
        Form form = Form.of(ctx.formParamMap());
        NewAddress address = AddressFields.read(form);
        if (address == null) {
            tx.run(c -> book.find(c, v.accountId(), id)).orElseThrow(() -> new PageNotFound(id));
            form(ctx, v, form, id, 400);
            return;
        }
        boolean updated = tx.run(c -> {
            boolean done = book.update(c, v.accountId(), id, address, v.now());
            if (done) {
                // an order the carrier refused the old address for goes out again, to the corrected one
                orders.releaseAddressRefused(c, v.accountId());
            }
            return done;
        });
        if (!updated) {
            throw new PageNotFound(id);
        }
        ctx.redirect("/account/addresses?notice=address-saved", HttpStatus.SEE_OTHER);
    }

    private void remove(Context ctx, Visit v) {
        String id = ctx.pathParam("id");
        Removal removal = tx.run(c -> book.remove(c, v.accountId(), id, v.now()));
        if (removal instanceof Removal.NotFound) {
            throw new PageNotFound(id);
        }
        String problem = removal.problem("your default shipping or billing address", "ships to this address",
                "another address");
        if (problem != null) {
            list(ctx, v, problem, 409);
            return;
        }
        ctx.redirect("/account/addresses?notice=address-removed", HttpStatus.SEE_OTHER);
    }

    private void makeDefault(Context ctx, Visit v, boolean shipping) {
        String id = ctx.pathParam("id");
        boolean found = tx.run(c -> shipping ? book.makeDefaultShipping(c, v.accountId(), id, v.now())
                : book.makeDefaultBilling(c, v.accountId(), id));
        if (!found) {
            throw new PageNotFound(id);
        }
        ctx.redirect("/account/addresses?notice=address-saved", HttpStatus.SEE_OTHER);
    }
}
