package io.inkflow.dispatcher.notify;

import io.inkflow.dispatcher.notify.UnsubscribeLinks.Claim;
import io.inkflow.dispatcher.notify.UnsubscribePage.State;
import io.inkflow.dispatcher.persistence.Tx;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-click unsubscribe endpoint of optional mail, public (the signed token is the authority):
 * {@code POST /email/unsubscribe?token=...} opts out at once, as RFC 8058 mail clients call it with the
 * body {@code List-Unsubscribe=One-Click}; {@code GET} only shows a page that asks, because mail scanners
 * fetch links and must not unsubscribe anybody. The page also offers to stop all optional mail.
 */
public final class UnsubscribeRoutes {
    private static final Logger log = LoggerFactory.getLogger(UnsubscribeRoutes.class);

    private final Tx tx;
    private final UnsubscribeLinks links;
    private final EmailPreferences preferences;
    private final MailRenderer renderer;
    private final Clock clock;

    public UnsubscribeRoutes(Tx tx, UnsubscribeLinks links, EmailPreferences preferences, MailRenderer renderer,
                             Clock clock) {
        this.tx = tx;
        this.links = links;
        this.preferences = preferences;
        this.renderer = renderer;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(UnsubscribeLinks.PATH, this::confirm);
        app.post(UnsubscribeLinks.PATH, this::unsubscribe);
    }

    private void confirm(Context ctx) {
        String token = ctx.queryParam("token");
        verified(ctx, token).ifPresent(claim ->
                page(ctx, 200, new UnsubscribePage(State.CONFIRM, what(claim.scope()), action(token))));
    }

    private void unsubscribe(Context ctx) {
        String token = ctx.queryParam("token");
        Optional<Claim> claim = verified(ctx, token);
        if (claim.isEmpty()) {
            return;
        }
        // the token proves the mailbox; from the page it may also stop all optional mail
        String scope = urlEncodedForm(ctx) && EmailPreferences.ALL_OPTIONAL.equals(ctx.formParam("scope"))
                ? EmailPreferences.ALL_OPTIONAL : claim.get().scope();
        String accountId = claim.get().accountId();
        tx.runVoid(c -> preferences.optOut(c, accountId, scope, clock.instant()));
        log.info("Optional mail stopped by unsubscribe link [accountId={}, scope={}]", accountId, scope);
        page(ctx, 200, new UnsubscribePage(State.DONE, what(scope), action(token)));
    }

    /** The token's claim; when it does not verify, the answer is the "not valid" page and the claim empty. */
    private Optional<Claim> verified(Context ctx, String token) {
        Optional<Claim> claim = links.verify(token).filter(c -> EmailPreferences.validScope(c.scope()));
        if (claim.isEmpty()) {
            page(ctx, 400, new UnsubscribePage(State.INVALID, "", ""));
        }
        return claim;
    }

    private void page(Context ctx, int status, UnsubscribePage page) {
        // the token is in the URL: keep it out of caches and other sites' logs
        ctx.status(status).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex").contentType("text/html; charset=utf-8")
                .result(renderer.page("unsubscribe.jte", page));
    }

    private static boolean urlEncodedForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static String action(String token) {
        return UnsubscribeLinks.PATH + "?token=" + token;
    }

    private static String what(String scope) {
        return EmailPreferences.ALL_OPTIONAL.equals(scope) ? "all optional emails"
                : scope.toLowerCase(Locale.ROOT).replace('_', ' ') + " emails";
    }
}
