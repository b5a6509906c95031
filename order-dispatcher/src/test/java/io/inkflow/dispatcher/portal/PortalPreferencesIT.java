package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The e-mail preferences page writes the opt-outs the notification deliverer honours: optional mail the
 * customer switched off is SKIPPED, service mail always goes, and optional mail carries a working unsubscribe
 * link.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PortalPreferencesIT extends PortalITSupport {
    private static final Pattern UNSUBSCRIBE = Pattern.compile("http://portal\\.test(/email/unsubscribe\\?token=\\S+)");

    /** Registers two products worth 500 points: the CPS invitation (an optional mail) is written. */
    static void earnInvitation(PortalClient browser, String prefix) {
        for (String[] product : new String[][] {{"EOS R50", "-R50"}, {"EOS R100", "-R100"}}) {
            browser.submit(browser.get("/account/products"), "form[action=/account/products]", Map.of(
                    "model", product[0], "serial", prefix + product[1], "purchasedOn", "2026-02-01", "country", "GB",
                    "dealer", "Camera World"));
        }
    }

    String status(String kind, String accountId) {
        return fx.db.queryString("SELECT status FROM notifications WHERE kind = '" + kind + "' AND account_id = '"
                + accountId + "'");
    }

    @Test
    void anOptionalMailSwitchedOffOnThePageIsSkippedWhileServiceMailStillGoes() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Quiet Person", "quiet@example.com");
        PortalClient.Page page = browser.get("/account/email-preferences");
        assertThat(page.html().select("input[name=kinds]")).extracting(e -> e.attr("value"))
                .containsExactlyInAnyOrder("NON_GENUINE_CARTRIDGE", "CPS_INVITATION");
        assertThat(page.html().select("input[name=kinds][checked]")).hasSize(2);
        assertThat(page.text("#service-mail")).contains("always go");

        PortalClient.Page saved = browser.postMulti("/account/email-preferences", List.of(
                Map.entry("_csrf", page.html().selectFirst("input[name=_csrf]").attr("value")),
                Map.entry("kinds", "NON_GENUINE_CARTRIDGE")));
        assertThat(saved.notice()).isEqualTo("Your e-mail preferences are saved.");
        assertThat(saved.html().selectFirst("#kind-CPS_INVITATION").hasAttr("checked")).isFalse();
        assertThat(saved.html().selectFirst("#kind-NON_GENUINE_CARTRIDGE").hasAttr("checked")).isTrue();

        earnInvitation(browser, "QUIET");
        fx.delivered("CPS_INVITATION", accountId);
        assertThat(status("CPS_INVITATION", accountId)).isEqualTo("SKIPPED");
        assertThat(status("EMAIL_VERIFICATION", accountId)).as("service mail goes whatever the preferences")
                .isEqualTo("SENT");
        assertThat(fx.db.queryLong("SELECT count(*) FROM mailbox WHERE kind = 'CPS_INVITATION' AND account_id = '"
                + accountId + "'")).isZero();
    }

    @Test
    void stoppingAllOptionalMailStopsEveryOptionalKind() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "No Mail", "nomail@example.com");
        PortalClient.Page page = browser.get("/account/email-preferences");
        browser.postMulti("/account/email-preferences", List.of(
                Map.entry("_csrf", page.html().selectFirst("input[name=_csrf]").attr("value")),
                Map.entry("kinds", "NON_GENUINE_CARTRIDGE"), Map.entry("kinds", "CPS_INVITATION"),
                Map.entry("allOff", "yes")));
        assertThat(fx.db.queryString("SELECT string_agg(scope, ',') FROM email_opt_outs WHERE account_id = '"
                + accountId + "'")).isEqualTo("ALL_OPTIONAL");

        earnInvitation(browser, "NOMAIL");
        fx.delivered("CPS_INVITATION", accountId);
        assertThat(status("CPS_INVITATION", accountId)).isEqualTo("SKIPPED");
        assertThat(browser.get("/account/email-preferences").html().selectFirst("#allOff").hasAttr("checked")).isTrue();
    }

    @Test
    void anOptionalMailThatGoesCarriesAWorkingUnsubscribeLinkThePageThenReflects() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Keen", "keen@example.com");
        earnInvitation(browser, "KEEN");

        String mail = fx.delivered("CPS_INVITATION", accountId);
        assertThat(status("CPS_INVITATION", accountId)).isEqualTo("SENT");
        assertThat(mail).contains("500 points", "http://portal.test/account/products");
        Matcher link = UNSUBSCRIBE.matcher(mail);
        assertThat(link.find()).as("an unsubscribe link in " + mail).isTrue();

        PortalClient mailClient = fx.client();
        assertThat(mailClient.get(link.group(1)).status()).isEqualTo(200);
        assertThat(mailClient.post(link.group(1), Map.of("List-Unsubscribe", "One-Click")).status()).isEqualTo(200);
        assertThat(browser.get("/account/email-preferences").html().selectFirst("#kind-CPS_INVITATION")
                .hasAttr("checked")).isFalse();
    }
}
