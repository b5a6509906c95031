package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.auth.AccountAccess;
import io.inkflow.dispatcher.portal.auth.Credentials;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens.Lookup;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens.Purpose;
import io.inkflow.dispatcher.portal.auth.OneTimeTokens;
import io.inkflow.dispatcher.portal.auth.Passwords;
import io.inkflow.dispatcher.portal.auth.Sessions;
import io.inkflow.dispatcher.portal.view.Form;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;

/** Sign-up, sign-in and -out, e-mail confirmation and password reset. */
final class AuthPages {
    /** The outcome of a sign-in attempt, the tag of {@code dispatcher.portal.signins}. */
    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final AccountAccess access;
    private final Credentials credentials;
    private final OneTimeTokens tokens;
    private final Sessions sessions;
    private final Passwords passwords;
    private final DispatcherMetrics metrics;

    AuthPages(PortalWeb web, Pages pages, Tx tx, AccountAccess access, Credentials credentials, OneTimeTokens tokens,
              Sessions sessions, Passwords passwords, DispatcherMetrics metrics) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.access = access;
        this.credentials = credentials;
        this.tokens = tokens;
        this.sessions = sessions;
        this.passwords = passwords;
        this.metrics = metrics;
    }

    void register() {
        web.publicGet("/sign-up", (ctx, v) -> signUpPage(ctx, v, Form.empty(), 200));
        web.publicPost("/sign-up", this::signUp);
        web.publicGet("/sign-in", (ctx, v) -> signInPage(ctx, v, Form.empty(), ctx.queryParam("next"), 200));
        web.publicPost("/sign-in", this::signIn);
        web.accountPost("/sign-out", this::signOut);
        web.publicGet("/verify-email", this::verifyPage);
        web.publicPost("/verify-email", this::verify);
        web.accountPost("/account/verify-email/resend", this::resend);
        web.publicGet("/forgot-password", (ctx, v) -> pages.render(ctx, "auth/forgot.jte",
                Map.of("frame", v.frame("Reset your password", ""), "form", Form.empty(), "sent", false)));
        web.publicPost("/forgot-password", this::forgot);
        web.publicGet("/reset-password", this::resetPage);
        web.publicPost("/reset-password", this::reset);
    }

    private void signUpPage(Context ctx, Visit v, Form form, int status) {
        pages.render(ctx, status, "auth/signup.jte", Map.of("frame", v.frame("Create your account", "sign-up"),
                "form", form));
    }

    private void signUp(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String name = form.text("name", "Full name", true, 100);
        String email = form.email("email", "E-mail address");
        String password = form.value("password");
        Passwords.problem(password, email).ifPresent(problem -> form.reject("password", problem));
        if (!form.ticked("terms")) {
            form.reject("terms", "Agree to the terms of use to open an account");
        }
        if (!form.valid()) {
            signUpPage(ctx, v, form, 400);
            return;
        }
        String hash = passwords.hash(password);
        Optional<String> session = tx.run(c -> {
            Optional<String> accountId = access.signUp(c, name, email, hash, v.now());
            return accountId.isEmpty() ? Optional.<String>empty()
                    : Optional.of(sessions.create(c, accountId.get(), v.now()));
        });
        if (session.isEmpty()) {
            form.reject("email", "An account already uses this e-mail address. Sign in, or reset its password");
            signUpPage(ctx, v, form, 400);
            return;
        }
        metrics.recordSignUp();
        web.signIn(ctx, session.get());
        ctx.redirect("/account?notice=signed-up", HttpStatus.SEE_OTHER);
    }

    private void signInPage(Context ctx, Visit v, Form form, String next, int status) {
        pages.render(ctx, status, "auth/signin.jte", Map.of("frame", v.frame("Sign in", "sign-in"), "form", form,
                "next", PortalWeb.safeNext(next)));
    }

    private void signIn(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String email = form.email("email", "E-mail address");
        String password = form.value("password");
        if (password.isEmpty()) {
            form.reject("password", "Enter your password");
        }
        if (!form.valid()) {
            signInPage(ctx, v, form, form.value("next"), 400);
            return;
        }
        switch (tx.run(c -> access.signIn(c, email, password, v.clientAddress(), v.now()))) {
            case AccountAccess.SignIn.SignedIn signedIn -> {
                metrics.recordSignIn(DispatcherMetrics.SignIn.SIGNED_IN);
                if (v.signedIn()) {
                    tx.runVoid(c -> sessions.delete(c, v.session().token()));
                }
                web.signIn(ctx, signedIn.sessionToken());
                ctx.redirect(PortalWeb.safeNext(form.value("next")), HttpStatus.SEE_OTHER);
            }
            case AccountAccess.SignIn.Refused refused -> {
                metrics.recordSignIn(DispatcherMetrics.SignIn.REFUSED);
                form.reject("email", "The e-mail address or the password is not right");
                signInPage(ctx, v, form, form.value("next"), 401);
            }
            case AccountAccess.SignIn.Throttled throttled -> {
                metrics.recordSignIn(DispatcherMetrics.SignIn.THROTTLED);
                form.reject("email", "Too many failed sign-ins. Wait 15 minutes and try again, or reset your "
                        + "password");
                signInPage(ctx, v, form, form.value("next"), 429);
            }
        }
    }

    private void signOut(Context ctx, Visit v) {
        tx.runVoid(c -> sessions.delete(c, v.session().token()));
        web.signOut(ctx);
        ctx.redirect("/sign-in?notice=signed-out", HttpStatus.SEE_OTHER);
    }

    /** The link from the e-mail shows a button: mail scanners that open links must not use the token up. */
    private void verifyPage(Context ctx, Visit v) {
        String token = ctx.queryParam("token");
        Lookup lookup = tx.run(c -> tokens.peek(c, Purpose.VERIFY_EMAIL, token, v.now()));
        tokenPage(ctx, v, lookup, "auth/verify.jte", "Confirm your e-mail address", token, Form.empty());
    }

    private void verify(Context ctx, Visit v) {
        String token = ctx.formParam("token");
        Lookup lookup = tx.run(c -> access.verify(c, token, v.now()));
        if (lookup instanceof Lookup.Valid) {
            ctx.redirect(v.signedIn() ? "/account?notice=verified" : "/sign-in?notice=verified", HttpStatus.SEE_OTHER);
            return;
        }
        tokenPage(ctx, v, lookup, "auth/verify.jte", "Confirm your e-mail address", token, Form.empty());
    }

    private void resend(Context ctx, Visit v) {
        tx.run(c -> access.sendVerification(c, v.accountId(), v.session().email(), v.now(), false));
        ctx.redirect("/account?notice=verification-sent", HttpStatus.SEE_OTHER);
    }

    private void forgot(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String email = form.email("email", "E-mail address");
        if (form.valid()) {
            tx.runVoid(c -> credentials.requestReset(c, email, v.now()));
        }
        pages.render(ctx, form.valid() ? 200 : 400, "auth/forgot.jte",
                Map.of("frame", v.frame("Reset your password", ""), "form", form, "sent", form.valid()));
    }

    private void resetPage(Context ctx, Visit v) {
        String token = ctx.queryParam("token");
        Lookup lookup = tx.run(c -> tokens.peek(c, Purpose.RESET_PASSWORD, token, v.now()));
        tokenPage(ctx, v, lookup, "auth/reset.jte", "Choose a new password", token, Form.empty());
    }

    private void reset(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String token = form.value("token");
        Lookup peeked = tx.run(c -> tokens.peek(c, Purpose.RESET_PASSWORD, token, v.now()));
        String email = peeked instanceof Lookup.Valid valid ? valid.email() : null;
        Passwords.problem(form.value("password"), email).ifPresent(problem -> form.reject("password", problem));
        if (!form.valid() || !(peeked instanceof Lookup.Valid)) {
            tokenPage(ctx, v, peeked, "auth/reset.jte", "Choose a new password", token, form);
            return;
        }
        String hash = passwords.hash(form.value("password"));
        Lookup lookup = tx.run(c -> credentials.reset(c, token, hash, v.now()));
        if (lookup instanceof Lookup.Valid) {
            web.signOut(ctx);
            ctx.redirect("/sign-in?notice=password-reset", HttpStatus.SEE_OTHER);
            return;
        }
        tokenPage(ctx, v, lookup, "auth/reset.jte", "Choose a new password", token, form);
    }

    /** A page behind an e-mailed link: the form when the token is good, else why it is not (status 410 or 404). */
    private void tokenPage(Context ctx, Visit v, Lookup lookup, String template, String title, String token,
                           Form form) {
        String problem = switch (lookup) {
            case Lookup.Valid valid -> null;
            case Lookup.Expired expired -> "This link has expired or was replaced by a newer one.";
            case Lookup.Used used -> "This link has already been used.";
            case Lookup.Unknown unknown -> "This link is not valid. Check that you copied all of it.";
        };
        int status = problem == null ? (form.valid() ? 200 : 400) : lookup instanceof Lookup.Unknown ? 404 : 410;
        pages.render(ctx, status, template, Map.of("frame", v.frame(title, ""), "form", form,
                "token", token == null ? "" : token, "problem", problem == null ? "" : problem));
    }
}
