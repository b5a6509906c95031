package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.products.ProductPoints;
import io.inkflow.dispatcher.portal.products.ProductRegistrations;
import io.inkflow.dispatcher.portal.products.ProductRegistrations.NewRegistration;
import io.inkflow.dispatcher.portal.products.ProductRegistrations.Registered;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.Option;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Product registration of any Canon product, the points balance, and the Canon Professional Services
 * invitation with the membership tiers open to the customer.
 */
final class ProductPages {
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{2,39}");
    private static final Set<String> COUNTRIES = Set.copyOf(Option.values(Option.COUNTRIES));

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final ProductPoints points;
    private final ProductRegistrations registrations;
    private final NotificationOutbox notifications;

    ProductPages(PortalWeb web, Pages pages, Tx tx, ProductPoints points, ProductRegistrations registrations,
                 NotificationOutbox notifications) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.points = points;
        this.registrations = registrations;
        this.notifications = notifications;
    }

    void register() {
        web.accountGet("/account/products", (ctx, v) -> page(ctx, v, Form.empty(), 200));
        web.accountPost("/account/products", this::registerProduct);
    }

    private void page(Context ctx, Visit v, Form form, int status) {
        List<Registered> registered = tx.run(c -> registrations.list(c, v.accountId()));
        int balance = ProductRegistrations.balance(registered);
        Map<String, Object> model = new HashMap<>();
        model.put("frame", v.frame("Products and points", "products"));
        model.put("form", form);
        model.put("registered", registered);
        model.put("balance", balance);
        model.put("invited", points.invited(balance));
        model.put("invitationPoints", points.invitationPoints());
        model.put("tiers", points.tiers());
        model.put("products", points.products());
        model.put("countries", Option.COUNTRIES);
        pages.render(ctx, status, "account/products.jte", model);
    }

    private void registerProduct(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String typed = form.text("model", "Product", true, 80);
        Optional<ProductPoints.Product> product = typed == null ? Optional.empty() : points.find(typed);
        if (typed != null && product.isEmpty()) {
            form.reject("model", "Choose a Canon product from the list");
        }
        String serial = form.matching("serial", "Serial number", true, 40, SERIAL,
                "Enter the serial number: 3 to 40 letters, digits or dashes");
        LocalDate purchased = purchaseDate(form);
        String country = form.choice("country", "Select the country of purchase", COUNTRIES);
        String dealer = form.text("dealer", "Dealer", true, 100);
        if (!form.valid()) {
            page(ctx, v, form, 400);
            return;
        }
        NewRegistration registration = new NewRegistration(product.get(), serial.toUpperCase(Locale.ROOT), purchased,
                country, dealer);
        if (!tx.run(c -> register(c, v.accountId(), registration, v.now()))) {
            page(ctx, v, form.reject("serial", "This product is already registered"), 409);
            return;
        }
        ctx.redirect("/account/products?notice=product-registered", HttpStatus.SEE_OTHER);
    }

    /** Registers the product; the registration that reaches the invitation points also sends the invitation. */
    private boolean register(Connection c, String accountId, NewRegistration registration, Instant now)
            throws SQLException {
        int before = ProductRegistrations.balance(registrations.list(c, accountId));
        if (!registrations.register(c, accountId, registration, now)) {
            return false;
        }
        int after = before + registration.product().points();
        if (!points.invited(before) && points.invited(after)) {
            notifications.enqueue(c, new NotificationOutbox.Request(NotificationKind.CPS_INVITATION,
                    "cps-invitation:" + accountId, accountId, null, Map.of("points", String.valueOf(after))));
        }
        return true;
    }

    /** A date (yyyy-mm-dd, as date inputs send it) not in the future and not before 1990. */
    private static LocalDate purchaseDate(Form form) {
        String value = form.value("purchasedOn").strip();
        if (value.isEmpty()) {
            form.reject("purchasedOn", "Enter the date of purchase");
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.isAfter(LocalDate.now(ZoneOffset.UTC)) || date.getYear() < 1990) {
                form.reject("purchasedOn", "The date of purchase must be a past date");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            form.reject("purchasedOn", "Enter the date of purchase as year-month-day, for example 2026-03-14");
            return null;
        }
    }
}
