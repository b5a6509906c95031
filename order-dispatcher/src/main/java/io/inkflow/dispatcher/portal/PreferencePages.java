package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.notify.EmailPreferences;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.Option;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * E-mail preferences: each optional kind on or off, or all optional mail off, written to the opt-outs the
 * notification deliverer honours ({@link EmailPreferences}). Service mail (orders, shipments, payments, the
 * plan, security) always goes; the page lists it so.
 */
final class PreferencePages {
    private static final String ALL = EmailPreferences.ALL_OPTIONAL;

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final EmailPreferences preferences;

    PreferencePages(PortalWeb web, Pages pages, Tx tx, EmailPreferences preferences) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.preferences = preferences;
    }

    void register() {
        web.accountGet("/account/email-preferences", this::page);
        web.accountPost("/account/email-preferences", this::save);
    }

    /** The optional kinds, with what each is about. */
    static List<Option> optionalKinds() {
        return Arrays.stream(NotificationKind.values()).filter(NotificationKind::optional)
                .map(kind -> new Option(kind.name(), label(kind))).toList();
    }

    private static String label(NotificationKind kind) {
        return switch (kind) {
            case NON_GENUINE_CARTRIDGE -> "Alerts when a printer holds a cartridge that is not a genuine Canon supply";
            case CPS_INVITATION -> "Invitations to Canon Professional Services when your products earn enough points";
            default -> kind.name().toLowerCase().replace('_', ' ');
        };
    }

    private void page(Context ctx, Visit v) {
        Set<String> optedOut = tx.run(c -> preferences.optOuts(c, v.accountId()));
        pages.render(ctx, "account/preferences.jte", Map.of(
                "frame", v.frame("E-mail preferences", "preferences"), "kinds", optionalKinds(),
                "optedOut", optedOut, "allOff", optedOut.contains(ALL)));
    }

    private void save(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        Set<String> kinds = optionalKinds().stream().map(Option::value).collect(Collectors.toSet());
        List<String> wanted = form.choices("kinds", "Choose among the listed e-mails", kinds, 0);
        if (!form.valid()) {
            page(ctx, v);
            return;
        }
        boolean allOff = form.ticked("allOff");
        tx.runVoid(c -> {
            for (String kind : kinds) {
                if (wanted.contains(kind)) {
                    preferences.optIn(c, v.accountId(), kind);
                } else {
                    preferences.optOut(c, v.accountId(), kind, v.now());
                }
            }
            if (allOff) {
                preferences.optOut(c, v.accountId(), ALL, v.now());
            } else {
                preferences.optIn(c, v.accountId(), ALL);
            }
        });
        ctx.redirect("/account/email-preferences?notice=preferences-saved", HttpStatus.SEE_OTHER);
    }
}
