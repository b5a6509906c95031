package io.inkflow.dispatcher.portal;

import static io.inkflow.dispatcher.portal.PortalFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sign-up, e-mail confirmation, sign-in, throttling, password reset, sessions and CSRF, through real HTTP
 * against real PostgreSQL.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PortalAuthIT {
    static PortalFixture fx;

    @BeforeAll
    static void start() {
        fx = new PortalFixture(Map.of("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ADDRESS", "8"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void customerSignsUpConfirmsTheAddressFromTheMailSignsOutAndBackIn() {
        PortalClient browser = fx.client();
        String accountId = fx.signUp(browser, "Grace Hopper", "grace@example.com");

        PortalClient.Page overview = browser.get("/account");
        assertThat(overview.notice()).isNull();
        assertThat(overview.text(".banner")).contains("Please confirm your e-mail address grace@example.com");
        String link = fx.linkIn("EMAIL_VERIFICATION", accountId);
        PortalClient.Page confirm = browser.get(link);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(fx.db.queryString("SELECT email_verified_at FROM portal_logins WHERE account_id = '" + accountId
                + "'")).as("opening the link alone confirms nothing (mail scanners open links)").isNull();
        PortalClient.Page confirmed = browser.submit(confirm, "form[action=/verify-email]", Map.of());
        assertThat(confirmed.path()).isEqualTo("/account?notice=verified");
        assertThat(confirmed.text(".banner")).isNull();

        PortalClient.Page signedOut = browser.submit(confirmed, "form[action=/sign-out]", Map.of());
        assertThat(signedOut.notice()).isEqualTo("You are signed out.");
        assertThat(browser.get("/account").path()).isEqualTo("/sign-in?next=%2Faccount");
        PortalClient.Page back = fx.signIn(browser, "GRACE@example.com ", PASSWORD);
        assertThat(back.path()).isEqualTo("/account");
        assertThat(back.text("h1")).isEqualTo("Your account");
    }

    @Test
    void everyBadInputIsNamedNextToItsFieldAndATakenAddressIsRefused() {
        PortalClient browser = fx.client();
        PortalClient.Page form = browser.get("/sign-up");
        PortalClient.Page refused = browser.submit(form, "form[action=/sign-up]",
                Map.of("name", " ", "email", "not-an-address", "password", "short"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldError("name")).isEqualTo("Enter full name");
        assertThat(refused.fieldError("email")).contains("name@example.com");
        assertThat(refused.fieldError("password")).isEqualTo("Use at least 10 characters");
        assertThat(refused.text("#terms-error")).contains("Agree to the terms");
        assertThat(refused.html().select(".error-summary a")).extracting(a -> a.attr("href"))
                .containsExactly("#name", "#email", "#password", "#terms");
        assertThat(refused.html().getElementById("email").attr("value")).isEqualTo("not-an-address");
        assertThat(refused.html().getElementById("password").attr("value")).as("passwords are never sent back")
                .isEmpty();

        fx.signUp(fx.client(), "Ada", "ada@example.com");
        PortalClient.Page taken = browser.submit(browser.get("/sign-up"), "form[action=/sign-up]",
                Map.of("name", "Other Ada", "email", "Ada@Example.com", "password", PASSWORD, "terms", "yes"));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.fieldError("email")).startsWith("An account already uses this e-mail address");
        assertThat(fx.db.queryLong("SELECT count(*) FROM portal_logins WHERE email_normalized = 'ada@example.com'"))
                .isEqualTo(1);
    }

    @Test
    void formsWithoutOrWithAWrongCsrfTokenAreRefused() {
        PortalClient victim = fx.client();
        String accountId = fx.verifiedCustomer(victim, "Victim", "victim@example.com");

        PortalClient.Page noToken = fx.client().post("/sign-in", Map.of("email", "victim@example.com",
                "password", PASSWORD));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.text("h1")).isEqualTo("This form has expired");

        // a forged cross-site post carries the victim's cookies but cannot know the session's token
        long mailsBefore = fx.mails("EMAIL_VERIFICATION", accountId);
        PortalClient.Page forged = victim.post("/account/verify-email/resend", Map.of("_csrf", "guessed-token"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(victim.post("/account/verify-email/resend", Map.of()).status()).isEqualTo(403);
        assertThat(fx.mails("EMAIL_VERIFICATION", accountId)).isEqualTo(mailsBefore);
        PortalClient.Page otherSessionsToken = victim.post("/sign-out",
                Map.of("_csrf", fx.client().get("/sign-in").html().selectFirst("input[name=_csrf]").attr("value")));
        assertThat(otherSessionsToken.status()).isEqualTo(403);
        assertThat(fx.db.queryString("SELECT name FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("Victim");
        assertThat(victim.get("/account").status()).as("still signed in").isEqualTo(200);
    }

    @Test
    void failedSignInsAreThrottledPerAccountAndLiftedAfterTheWindow() {
        fx.signUp(fx.client(), "Target", "target@example.com");
        for (int i = 0; i < 5; i++) {
            PortalClient.Page wrong = fx.signIn(fx.client(), "target@example.com", "wrong password " + i);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.fieldError("email")).isEqualTo("The e-mail address or the password is not right");
        }

        PortalClient.Page throttled = fx.signIn(fx.client(), "target@example.com", PASSWORD);
        assertThat(throttled.status()).as("even the right password is not checked now").isEqualTo(429);
        assertThat(throttled.fieldError("email")).startsWith("Too many failed sign-ins");

        fx.clock.advance(Duration.ofMinutes(16));
        assertThat(fx.signIn(fx.client(), "target@example.com", PASSWORD).path()).isEqualTo("/account");
        assertThat(fx.registry.get("dispatcher.portal.signins").tag("outcome", "THROTTLED").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void failedSignInsAreThrottledPerClientAddressWhateverTheAccount() {
        // this class allows 8 failures per address; earlier tests' failures have left the window
        fx.clock.advance(Duration.ofMinutes(16));
        fx.signUp(fx.client(), "Bystander", "bystander@example.com");
        for (int i = 0; i < 8; i++) {
            assertThat(fx.signIn(fx.client(), "nobody" + i + "@example.com", PASSWORD).status()).isEqualTo(401);
        }

        assertThat(fx.signIn(fx.client(), "bystander@example.com", PASSWORD).status()).isEqualTo(429);
        fx.clock.advance(Duration.ofMinutes(16));
        assertThat(fx.signIn(fx.client(), "bystander@example.com", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void verificationLinksWorkOnceAndExpire() {
        PortalClient browser = fx.client();
        String accountId = fx.signUp(browser, "Linus", "linus@example.com");
        String link = fx.linkIn("EMAIL_VERIFICATION", accountId);
        PortalClient.Page confirm = browser.get(link);
        browser.submit(confirm, "form[action=/verify-email]", Map.of());

        PortalClient.Page again = browser.submit(confirm, "form[action=/verify-email]", Map.of());
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.text(".problem")).isEqualTo("This link has already been used.");
        assertThat(browser.get(link).text(".problem")).isEqualTo("This link has already been used.");
        assertThat(browser.get("/verify-email?token=made-up").status()).isEqualTo(404);

        PortalClient late = fx.client();
        String lateAccount = fx.signUp(late, "Late", "late@example.com");
        String lateLink = fx.linkIn("EMAIL_VERIFICATION", lateAccount);
        fx.clock.advance(Duration.ofHours(25));
        PortalClient.Page expired = late.get(lateLink);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.text(".problem")).startsWith("This link has expired");
    }

    @Test
    void passwordResetByMailedLinkEndsEverySessionAndWorksOnce() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Forgetful", "forgetful@example.com");
        PortalClient thief = fx.client();
        fx.signIn(thief, "forgetful@example.com", PASSWORD);

        PortalClient anonymous = fx.client();
        PortalClient.Page sent = anonymous.submit(anonymous.get("/forgot-password"), "form[action=/forgot-password]",
                Map.of("email", "forgetful@example.com"));
        PortalClient.Page unknown = anonymous.submit(anonymous.get("/forgot-password"),
                "form[action=/forgot-password]", Map.of("email", "nobody-here@example.com"));
        assertThat(unknown.text(".notice")).as("the page does not tell who has an account")
                .isEqualTo(sent.text(".notice").replace("forgetful@example.com", "nobody-here@example.com"));

        String link = fx.linkIn("PASSWORD_RESET", accountId);
        PortalClient.Page reset = anonymous.get(link);
        PortalClient.Page weak = anonymous.submit(reset, "form[action=/reset-password]", Map.of("password", "password123"));
        assertThat(weak.fieldError("password")).isEqualTo("This password is too easy to guess; choose another");
        PortalClient.Page done = anonymous.submit(reset, "form[action=/reset-password]",
                Map.of("password", "a brand new passphrase"));
        assertThat(done.notice()).isEqualTo("Your password is changed. Sign in with your new password.");

        assertThat(thief.get("/account").path()).as("every session ended").startsWith("/sign-in");
        assertThat(browser.get("/account").path()).startsWith("/sign-in");
        assertThat(fx.signIn(fx.client(), "forgetful@example.com", PASSWORD).status()).isEqualTo(401);
        assertThat(fx.signIn(fx.client(), "forgetful@example.com", "a brand new passphrase").path())
                .isEqualTo("/account");
        assertThat(anonymous.submit(reset, "form[action=/reset-password]", Map.of("password", "yet another passphrase"))
                .text(".problem")).isEqualTo("This link has already been used.");
        assertThat(fx.mails("PASSWORD_CHANGED", accountId)).isEqualTo(1);

        fx.clock.advance(Duration.ofMinutes(2)); // one link a minute at most
        anonymous.submit(anonymous.get("/forgot-password"), "form[action=/forgot-password]",
                Map.of("email", "forgetful@example.com"));
        String second = fx.linkIn("PASSWORD_RESET", accountId);
        fx.clock.advance(Duration.ofMinutes(31));
        assertThat(anonymous.get(second).text(".problem")).startsWith("This link has expired");
    }

    @Test
    void sessionsEndWhenIdleAndAfterTheirMaximumAgeAndCannotBeReplayedAfterSignOut() {
        PortalClient browser = fx.client();
        fx.signUp(browser, "Sleepy", "sleepy@example.com");
        fx.clock.advance(Duration.ofMinutes(31));
        assertThat(browser.get("/account").path()).isEqualTo("/sign-in?next=%2Faccount");

        fx.signIn(browser, "sleepy@example.com", PASSWORD);
        for (int i = 0; i < 12 * 3; i++) { // active every 20 minutes for 12 hours
            fx.clock.advance(Duration.ofMinutes(20));
            if (!browser.get("/account").path().equals("/account")) {
                assertThat(i).as("ended only by its maximum age").isGreaterThanOrEqualTo(35);
            }
        }
        assertThat(browser.get("/account").path()).startsWith("/sign-in");

        PortalClient.Page in = fx.signIn(browser, "sleepy@example.com", PASSWORD);
        String stolen = browser.cookie("inkflow_session");
        browser.submit(in, "form[action=/sign-out]", Map.of());
        PortalClient replay = fx.client();
        replay.setCookie("inkflow_session", stolen);
        assertThat(replay.get("/account").path()).startsWith("/sign-in");
    }

    @Test
    void cookiesAreHttpOnlyAndSameSiteAndSecureWithTheHostPrefixBehindTls() {
        PortalClient browser = fx.client();
        HttpResponse<String> plain = browser.raw(HttpRequest.newBuilder(URI.create(browser.url("/sign-in"))).GET());
        HttpResponse<String> tls = browser.raw(HttpRequest.newBuilder(URI.create(browser.url("/sign-in")))
                .header("X-Forwarded-Proto", "https").GET());

        List<String> plainCookies = plain.headers().allValues("Set-Cookie");
        assertThat(plainCookies).singleElement().asString().startsWith("inkflow_form=").contains("HttpOnly")
                .contains("SameSite=Lax").doesNotContain("Secure");
        assertThat(tls.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith("__Host-inkflow_form=").contains("; Secure").contains("HttpOnly").contains("Path=/");
        assertThat(plain.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("frame-ancestors 'none'");
        assertThat(plain.headers().firstValue("Cache-Control")).contains("no-store");
    }
}
