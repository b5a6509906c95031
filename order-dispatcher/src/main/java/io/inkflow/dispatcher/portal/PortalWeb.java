package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.auth.Sessions;
import io.inkflow.dispatcher.portal.auth.Sessions.Session;
import io.inkflow.dispatcher.portal.auth.TokenBytes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the customer pages on the dispatcher's Javalin app with what every page needs: security
 * headers, the session from its cookie, a CSRF token for the page's forms and its check on every POST,
 * a sign-in for the account pages, and HTML error pages (404 for what is missing or not the customer's,
 * 403 for a refused form, 500 with a correlation id, never a stack trace).
 */
public final class PortalWeb {
    static final String CSRF_FIELD = "_csrf";
    private static final Logger log = LoggerFactory.getLogger(PortalWeb.class);
    private static final String SESSION_COOKIE = "inkflow_session";
    private static final String FORM_COOKIE = "inkflow_form";
    private static final String CORRELATION_ID = "X-Correlation-Id";
    private static final Pattern LOCAL_NEXT = Pattern.compile("/account(/[A-Za-z0-9/_-]*)?");
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** A page handler. */
    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, Visit visit) throws Exception;
    }

    private final Javalin app;
    private final Tx tx;
    private final Sessions sessions;
    private final PortalSettings settings;
    private final Pages pages;
    private final Clock clock;

    public PortalWeb(Javalin app, Tx tx, Sessions sessions, PortalSettings settings, Pages pages, Clock clock) {
        this.app = app;
        this.tx = tx;
        this.sessions = sessions;
        this.settings = settings;
        this.pages = pages;
        this.clock = clock;
    }

    public void publicGet(String path, Handler handler) {
        app.get(path, ctx -> serve(ctx, false, false, handler));
    }

    public void publicPost(String path, Handler handler) {
        app.post(path, ctx -> serve(ctx, false, true, handler));
    }

    public void accountGet(String path, Handler handler) {
        app.get(path, ctx -> serve(ctx, true, false, handler));
    }

    public void accountPost(String path, Handler handler) {
        app.post(path, ctx -> serve(ctx, true, true, handler));
    }

    private void serve(Context ctx, boolean signInRequired, boolean form, Handler handler) {
        securityHeaders(ctx);
        Visit visit = null;
        try {
            Instant now = clock.instant();
            Optional<Session> session = session(ctx, now);
            String csrf = session.map(Session::csrfToken).orElseGet(() -> formToken(ctx));
            visit = new Visit(session.orElse(null), csrf, now, clientAddress(ctx), Notices.text(ctx.queryParam("notice")));
            if (signInRequired && session.isEmpty()) {
                ctx.redirect(form ? "/sign-in?notice=session-expired"
                        : "/sign-in?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
                return;
            }
            if (form && !TokenBytes.same(ctx.formParam(CSRF_FIELD), csrf)) {
                log.info("Form refused: missing or wrong CSRF token [path={}]", ctx.path());
                error(ctx, visit, 403, "This form has expired",
                        "For your security the form could not be accepted. Go back, reload the page and try again.");
                return;
            }
            handler.handle(ctx, visit);
        } catch (PageNotFound e) {
            error(ctx, visit, 404, "Page not found", "There is nothing here. Check the address, or go back to "
                    + "your account overview.");
        } catch (Exception e) {
            String id = ctx.attribute(CORRELATION_ID);
            log.error("Page failed [correlationId={}, method={}, path={}]", id, ctx.method(), ctx.path(), e);
            error(ctx, visit, 500, "Something went wrong", "Sorry, we could not complete this. Please try again in a "
                    + "moment. If it keeps happening, quote reference " + id + " to customer support.");
        }
    }

    /** A local account page to return to after signing in, or the overview. */
    static String safeNext(String next) {
        return next != null && LOCAL_NEXT.matcher(next).matches() ? next : "/account";
    }

    /** An empty form that returns to the printer registration when the page was opened from there. */
    static io.inkflow.dispatcher.portal.view.Form emptyFormFrom(Context ctx) {
        return "/account/printers/new".equals(ctx.queryParam("next"))
                ? io.inkflow.dispatcher.portal.view.Form.filled(Map.of("next", "/account/printers/new"))
                : io.inkflow.dispatcher.portal.view.Form.empty();
    }

    void error(Context ctx, Visit visit, int status, String heading, String message) {
        Visit shown = visit != null ? visit : new Visit(null, "", clock.instant(), "", null);
        pages.render(ctx, status, "error.jte", Map.of("frame", shown.frame(heading, ""), "heading", heading,
                "message", message));
    }

    /** Starts a signed-in session: a fresh cookie value, so a session id planted before sign-in is useless. */
    void signIn(Context ctx, String token) {
        setCookie(ctx, SESSION_COOKIE, token);
    }

    void signOut(Context ctx) {
        expireCookie(ctx, SESSION_COOKIE);
    }

    /** The current session cookie's value, null when there is none. */
    String sessionToken(Context ctx) {
        return ctx.cookie(cookieName(ctx, SESSION_COOKIE));
    }

    private Optional<Session> session(Context ctx, Instant now) {
        String token = sessionToken(ctx);
        if (token == null) {
            return Optional.empty();
        }
        Optional<Session> session = tx.run(c -> sessions.find(c, token, now));
        if (session.isEmpty()) {
            expireCookie(ctx, SESSION_COOKIE);
        }
        return session;
    }

    /** Before sign-in, forms carry the value of a random cookie (double submit; SameSite makes it site-bound). */
    private String formToken(Context ctx) {
        String token = ctx.cookie(cookieName(ctx, FORM_COOKIE));
        if (token == null || token.length() != 43) {
            token = TokenBytes.random();
            setCookie(ctx, FORM_COOKIE, token);
        }
        return token;
    }

    private String clientAddress(Context ctx) {
        if (settings.clientIpHeader() != null) {
            String forwarded = ctx.header(settings.clientIpHeader());
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].strip();
            }
        }
        return ctx.req().getRemoteAddr();
    }

    private boolean secure(Context ctx) {
        return switch (settings.secureCookies()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> "https".equalsIgnoreCase(ctx.scheme())
                    || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        };
    }

    /** {@code __Host-} binds a cookie to this host and path "/" and needs Secure, so it is used only then. */
    private String cookieName(Context ctx, String name) {
        return secure(ctx) ? "__Host-" + name : name;
    }

    private void setCookie(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", cookieName(ctx, name) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    private void expireCookie(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", cookieName(ctx, name) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }
}
