package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.account.EnrollResult;
import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.book.AddressBook;
import io.inkflow.dispatcher.portal.book.PaymentMethods;
import io.inkflow.dispatcher.portal.view.CatalogView;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.Readiness;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registering a printer: the model chosen by typing its name among the eligible models, the serial, the
 * channel and the terms. The answer shows the pairing secret once; the registration then waits for the
 * printer's first report (activation).
 */
final class RegisterPages {
    static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{2,39}");

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final ModelCatalog catalog;
    private final EnrollmentService enrollments;
    private final AddressBook book;
    private final PaymentMethods methods;
    private final DispatcherMetrics metrics;

    RegisterPages(PortalWeb web, Pages pages, Tx tx, ModelCatalog catalog, EnrollmentService enrollments,
                  AddressBook book, PaymentMethods methods, DispatcherMetrics metrics) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.catalog = catalog;
        this.enrollments = enrollments;
        this.book = book;
        this.methods = methods;
        this.metrics = metrics;
    }

    void register() {
        web.accountGet("/account/printers/new", (ctx, v) -> form(ctx, v, Form.empty(), 200));
        web.accountPost("/account/printers/new", this::submit);
    }

    private Readiness readiness(Visit v) {
        return tx.run(c -> new Readiness(v.session().emailVerified(), !book.list(c, v.accountId()).isEmpty(),
                !methods.list(c, v.accountId()).isEmpty()));
    }

    private void form(Context ctx, Visit v, Form form, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("frame", v.frame("Register a printer", "register"));
        model.put("form", form);
        model.put("readiness", readiness(v));
        model.put("catalog", CatalogView.of(catalog));
        pages.render(ctx, status, "account/register.jte", model);
    }

    private void submit(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        Readiness readiness = readiness(v);
        Optional<CatalogEntry> model = model(form);
        String serial = form.matching("serial", "Serial number", true, 40, SERIAL,
                "Enter the serial number as printed on the printer: 3 to 40 letters, digits or dashes");
        String channel = form.choice("channel", "Choose Canon or Amazon", Set.of("CANON", "AMAZON"));
        if (!form.ticked("terms")) {
            form.reject("terms", "Agree to the terms of service to register the printer");
        }
        if (!form.valid() || !readiness.ready()) {
            form(ctx, v, form, readiness.ready() ? 400 : 409);
            return;
        }
        String normalized = serial.toUpperCase(Locale.ROOT);
        EnrollResult result = tx.run(c -> enrollments.enroll(c, v.accountId(), normalized, model.get().model(),
                Channel.valueOf(channel), v.now()));
        switch (result) {
            case EnrollResult.Enrolled enrolled -> {
                metrics.recordPrinterRegistered();
                pages.render(ctx, 201, "account/registered.jte", Map.of("frame", v.frame("Printer registered",
                        "register"), "serial", normalized, "modelName", model.get().displayName(),
                        "secret", enrolled.deviceSecret(), "channel", channel));
            }
            case EnrollResult.SerialAlreadyEnrolled held -> {
                form.reject("serial", held.byThisAccount() ? "This printer is already registered in your account"
                        : "This printer is registered to another account. Its owner must deactivate it first");
                form(ctx, v, form, 409);
            }
            case EnrollResult.UnknownModel unknown -> form(ctx, v, form.reject("model", modelMessage()), 400);
            case EnrollResult.ModelNotEligible ineligible -> form(ctx, v, form.reject("model", modelMessage()), 400);
            case EnrollResult.AccountNotFound missing -> throw new PageNotFound(v.accountId());
        }
    }

    /** The eligible model whose name or id was typed (in any case); records an error when there is none. */
    private Optional<CatalogEntry> model(Form form) {
        String typed = form.text("model", "Printer model", true, 64);
        if (typed == null) {
            return Optional.empty();
        }
        String wanted = typed.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        List<CatalogEntry> eligible = catalog.entries().stream().filter(CatalogEntry::eligible).toList();
        Optional<CatalogEntry> found = eligible.stream().filter(e -> e.model().equals(wanted)
                || (e.displayName() != null && e.displayName().toLowerCase(Locale.ROOT).equals(wanted))).findFirst();
        if (found.isEmpty()) {
            form.reject("model", modelMessage());
        }
        return found;
    }

    private static String modelMessage() {
        return "Choose an eligible model from the list, for example PIXMA TS8320";
    }
}
