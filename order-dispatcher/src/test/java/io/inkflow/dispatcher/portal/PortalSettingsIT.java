package io.inkflow.dispatcher.portal;

import static io.inkflow.dispatcher.portal.PortalFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Account settings: address book, payment methods, profile, e-mail and password changes. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PortalSettingsIT extends PortalITSupport {
    static Map<String, String> address(String label, String line1) {
        Map<String, String> fields = new HashMap<>();
        fields.put("label", label);
        fields.put("name", "Ada Lovelace");
        fields.put("line1", line1);
        fields.put("city", "London");
        fields.put("postalCode", "N1 7AA");
        fields.put("country", "GB");
        return fields;
    }

    @Test
    void theFirstAddressBecomesTheDefaultAndTheAccountFollowsTheDefaultShippingAddress() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Ada", "ada.book@example.com");

        PortalClient.Page saved = browser.submit(browser.get("/account/addresses/new"),
                "form[action=/account/addresses/new]", address("Home", "12 Analytical Way"));
        assertThat(saved.notice()).isEqualTo("The address is saved.");
        assertThat(saved.text(".card")).contains("Default shipping").contains("Default billing");
        assertThat(fx.db.queryString("SELECT ship_line1 FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("12 Analytical Way");

        browser.submit(browser.get("/account/addresses/new"), "form[action=/account/addresses/new]",
                address("Office", "1 Engine Street"));
        String office = fx.db.queryString("SELECT address_id FROM address_book WHERE label = 'Office' AND account_id = '"
                + accountId + "'");
        PortalClient.Page list = browser.get("/account/addresses");
        browser.submit(list, "form[action=/account/addresses/" + office + "/default-shipping]", Map.of());
        assertThat(fx.db.queryString("SELECT ship_line1 FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("1 Engine Street");

        PortalClient.Page edit = browser.get("/account/addresses/" + office);
        Map<String, String> moved = address("Office", "2 Engine Street");
        browser.submit(edit, "form[action=/account/addresses/" + office + "]", moved);
        assertThat(fx.db.queryString("SELECT ship_line1 FROM accounts WHERE account_id = '" + accountId + "'"))
                .as("editing the default shipping address changes the account's").isEqualTo("2 Engine Street");
        assertThat(fx.db.queryLong("SELECT count(*) FROM account_addresses WHERE account_id = '" + accountId + "'"))
                .as("every version kept in the account's address history").isEqualTo(3);

        PortalClient.Page refused = browser.submit(browser.get("/account/addresses"),
                "form[action=/account/addresses/" + office + "/default-billing]", Map.of());
        assertThat(refused.notice()).isEqualTo("The address is saved.");
        String home = fx.db.queryString("SELECT address_id FROM address_book WHERE label = 'Home' AND account_id = '"
                + accountId + "'");
        PortalClient.Page removed = browser.submit(browser.get("/account/addresses"),
                "form[action=/account/addresses/" + home + "/remove]", Map.of());
        assertThat(removed.notice()).isEqualTo("The address is removed from your address book.");
        assertThat(removed.html().select(".card")).hasSize(1);
    }

    @Test
    void addressFieldsAreCheckedOneByOne() {
        PortalClient browser = fx.client();
        fx.verifiedCustomer(browser, "Bad Typist", "typist@example.com");
        Map<String, String> bad = address("Home", "");
        bad.put("postalCode", "N1 7AA; DROP");
        bad.put("country", "XX");
        bad.put("phone", "call me");

        PortalClient.Page page = browser.submit(browser.get("/account/addresses/new"),
                "form[action=/account/addresses/new]", bad);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.fieldError("line1")).isEqualTo("Enter address line 1");
        assertThat(page.fieldError("postalCode")).isEqualTo("Enter a postal code of letters, digits, spaces or dashes");
        assertThat(page.fieldError("country")).isEqualTo("Select a country");
        assertThat(page.fieldError("phone")).startsWith("Enter a phone number");
        assertThat(page.fieldError("city")).isNull();
        assertThat(page.html().getElementById("city").attr("value")).isEqualTo("London");
    }

    @Test
    void anotherCustomersAddressOrPaymentMethodIsNotFound() {
        PortalClient owner = fx.client();
        String ownerId = fx.verifiedCustomer(owner, "Owner", "owner.book@example.com");
        owner.submit(owner.get("/account/addresses/new"), "form[action=/account/addresses/new]",
                address("Home", "3 Private Road"));
        owner.submit(owner.get("/account/addresses/new"), "form[action=/account/addresses/new]",
                address("Other", "4 Private Road"));
        owner.submit(owner.get("/account/payment-methods/new"), "form[action=/account/payment-methods/new]",
                Map.of("card", "VISA_4242", "expMonth", "12", "expYear", String.valueOf(java.time.Year.now().getValue() + 2)));
        String address = fx.db.queryString("SELECT address_id FROM address_book WHERE label = 'Other' AND account_id = '"
                + ownerId + "'");
        String method = fx.db.queryString("SELECT method_id FROM payment_methods WHERE account_id = '" + ownerId + "'");

        PortalClient intruder = fx.client();
        fx.verifiedCustomer(intruder, "Intruder", "intruder.book@example.com");
        String csrf = intruder.get("/account/addresses").html().selectFirst("input[name=_csrf]").attr("value");
        assertThat(intruder.get("/account/addresses/" + address).status()).isEqualTo(404);
        assertThat(intruder.post("/account/addresses/" + address, Map.of("_csrf", csrf, "name", "X", "line1", "X",
                "city", "X", "postalCode", "X1", "country", "GB")).status()).isEqualTo(404);
        assertThat(intruder.post("/account/addresses/" + address + "/remove", Map.of("_csrf", csrf)).status())
                .isEqualTo(404);
        assertThat(intruder.post("/account/addresses/" + address + "/default-shipping", Map.of("_csrf", csrf))
                .status()).isEqualTo(404);
        assertThat(intruder.post("/account/payment-methods/" + method + "/default", Map.of("_csrf", csrf)).status())
                .isEqualTo(404);
        assertThat(intruder.post("/account/payment-methods/" + method + "/remove", Map.of("_csrf", csrf)).status())
                .isEqualTo(404);
        assertThat(fx.db.queryString("SELECT line1 FROM address_book WHERE address_id = '" + address + "'"))
                .isEqualTo("4 Private Road");
        assertThat(fx.db.queryLong("SELECT count(*) FROM address_book WHERE removed_at IS NULL AND account_id = '"
                + ownerId + "'")).isEqualTo(2);
    }

    @Test
    void paymentMethodsAreProviderTokensAndANewDefaultRetriesFailedPayments() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Payer", "payer@example.com");
        String year = String.valueOf(java.time.Year.now().getValue() + 3);

        PortalClient.Page invalid = browser.submit(browser.get("/account/payment-methods/new"),
                "form[action=/account/payment-methods/new]", Map.of("card", "4242424242424242", "expYear", "1999"));
        assertThat(invalid.fieldError("card")).isEqualTo("Select a card");
        assertThat(invalid.fieldError("expMonth")).isEqualTo("Select the month the card expires");
        assertThat(invalid.fieldError("expYear")).isEqualTo("Select the year the card expires");

        String failed = fx.failedPayment(accountId);
        browser.submit(browser.get("/account/payment-methods/new"), "form[action=/account/payment-methods/new]",
                Map.of("card", "VISA_4242", "expMonth", "4", "expYear", year));
        assertThat(fx.db.queryString("SELECT payment_token FROM accounts WHERE account_id = '" + accountId + "'"))
                .startsWith("tok_sandbox_");
        assertThat(fx.stateAndAttempt(failed)).as("the first card retries the declined payment").isEqualTo("PENDING/2");
        String failedAgain = fx.failedPayment(accountId);

        PortalClient.Page list = browser.submit(browser.get("/account/payment-methods/new"),
                "form[action=/account/payment-methods/new]",
                Map.of("card", "MASTERCARD_4444", "expMonth", "5", "expYear", year, "nickname", "Business"));
        assertThat(list.text("table")).contains("Visa ending 4242 (expires 04/" + year + ")")
                .contains("Business: Mastercard ending 4444");
        String mastercard = fx.db.queryString("SELECT method_id FROM payment_methods WHERE last4 = '4444' AND account_id = '"
                + accountId + "'");
        browser.submit(list, "form[action=/account/payment-methods/" + mastercard + "/default]", Map.of());
        assertThat(fx.db.queryString("SELECT payment_last4 FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("4444");
        assertThat(fx.stateAndAttempt(failedAgain)).as("a new default card retries the declined payment")
                .isEqualTo("PENDING/2");

        String visa = fx.db.queryString("SELECT method_id FROM payment_methods WHERE last4 = '4242' AND account_id = '"
                + accountId + "'");
        PortalClient.Page defaultRemoval = browser.post("/account/payment-methods/" + mastercard + "/remove",
                Map.of("_csrf", list.html().selectFirst("input[name=_csrf]").attr("value")));
        assertThat(defaultRemoval.status()).isEqualTo(409);
        assertThat(defaultRemoval.text(".problem")).startsWith("This is your default payment method. Make another one the default first.");
        browser.submit(browser.get("/account/payment-methods"), "form[action=/account/payment-methods/" + visa
                + "/remove]", Map.of());
        assertThat(fx.db.queryLong("SELECT count(*) FROM payment_methods WHERE removed_at IS NULL AND account_id = '"
                + accountId + "'")).isEqualTo(1);
    }

    @Test
    void profileKeepsNamePhoneAndBusinessInformation() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Profiled", "profiled@example.com");
        PortalClient.Page settings = browser.get("/account/settings");

        PortalClient.Page bad = browser.submit(settings, "form[action=/account/settings/profile]",
                Map.of("name", "", "phone", "none", "businessType", "PIRATE"));
        assertThat(bad.fieldError("name")).isEqualTo("Enter full name");
        assertThat(bad.fieldError("phone")).startsWith("Enter a phone number");
        assertThat(bad.fieldError("businessType")).isEqualTo("Select how you use your printers");

        PortalClient.Page saved = browser.submit(settings, "form[action=/account/settings/profile]",
                Map.of("name", "Profiled Person", "phone", "+44 20 7946 0000", "company", "Analytical Engines Ltd",
                        "taxId", "GB123456789", "businessType", "SMALL_OFFICE"));
        assertThat(saved.notice()).isEqualTo("Your profile is saved.");
        assertThat(saved.html().getElementById("company").attr("value")).isEqualTo("Analytical Engines Ltd");
        assertThat(fx.db.queryString("SELECT name FROM accounts WHERE account_id = '" + accountId + "'"))
                .isEqualTo("Profiled Person");
        assertThat(fx.db.queryString("SELECT business_type FROM customer_profiles WHERE account_id = '" + accountId + "'"))
                .isEqualTo("SMALL_OFFICE");
    }

    @Test
    void aNewEmailAddressNeedsThePasswordAndMustBeConfirmedAgain() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Mover", "mover@example.com");
        fx.signUp(fx.client(), "Squatter", "taken@example.com");
        PortalClient.Page settings = browser.get("/account/settings");

        PortalClient.Page wrong = browser.submit(settings, "form[action=/account/settings/email]",
                Map.of("email", "moved@example.com", "currentPassword", "not my password"));
        assertThat(wrong.fieldError("email-currentPassword")).isEqualTo("Your current password is not right");
        PortalClient.Page taken = browser.submit(settings, "form[action=/account/settings/email]",
                Map.of("email", "Taken@example.com", "currentPassword", PASSWORD));
        assertThat(taken.fieldError("email-email")).isEqualTo("Another account uses this e-mail address");

        PortalClient.Page changed = browser.submit(settings, "form[action=/account/settings/email]",
                Map.of("email", "moved@example.com", "currentPassword", PASSWORD));
        assertThat(changed.notice()).startsWith("Your e-mail address is changed.");
        assertThat(changed.text(".banner")).contains("moved@example.com");
        assertThat(fx.delivered("EMAIL_VERIFICATION", accountId)).contains("moved@example.com");
        assertThat(fx.db.queryString("SELECT m.recipient FROM mailbox m JOIN notifications n USING (notification_id) "
                + "WHERE m.kind = 'EMAIL_VERIFICATION' AND m.account_id = '" + accountId + "' ORDER BY n.created_at DESC "
                + "LIMIT 1")).isEqualTo("moved@example.com");

        browser.submit(browser.get(fx.linkIn("EMAIL_VERIFICATION", accountId)), "form[action=/verify-email]", Map.of());
        assertThat(browser.get("/account").text(".banner")).isNull();
        assertThat(fx.signIn(fx.client(), "mover@example.com", PASSWORD).status()).isEqualTo(401);
        assertThat(fx.signIn(fx.client(), "moved@example.com", PASSWORD).path()).isEqualTo("/account");
    }

    @Test
    void aPasswordChangeNeedsTheOldOneAndSignsOutTheOtherSessions() {
        PortalClient browser = fx.client();
        String accountId = fx.verifiedCustomer(browser, "Changer", "changer@example.com");
        PortalClient other = fx.client();
        fx.signIn(other, "changer@example.com", PASSWORD);
        PortalClient.Page settings = browser.get("/account/settings");

        PortalClient.Page refused = browser.submit(settings, "form[action=/account/settings/password]",
                Map.of("currentPassword", "guess", "newPassword", "short"));
        assertThat(refused.fieldError("password-currentPassword")).isEqualTo("Your current password is not right");
        assertThat(refused.fieldError("password-newPassword")).isEqualTo("Use at least 10 characters");
        assertThat(refused.html().select(".error-summary a")).extracting(a -> a.attr("href"))
                .containsExactly("#password-currentPassword", "#password-newPassword");

        PortalClient.Page done = browser.submit(settings, "form[action=/account/settings/password]",
                Map.of("currentPassword", PASSWORD, "newPassword", "another good passphrase"));
        assertThat(done.notice()).startsWith("Your password is changed.");
        assertThat(browser.get("/account").path()).isEqualTo("/account");
        assertThat(other.get("/account").path()).startsWith("/sign-in");
        assertThat(fx.mails("PASSWORD_CHANGED", accountId)).isEqualTo(1);
    }
}
