package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jsoup.nodes.Element;

/** Product registration, the points balance, the CPS invitation and the tiers open to the customer. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PortalProductsIT extends PortalITSupport {
    static PortalClient.Page registerProduct(PortalClient browser, String model, String serial) {
        return browser.submit(browser.get("/account/products"), "form[action=/account/products]", Map.of(
                "model", model, "serial", serial, "purchasedOn", "2026-01-15", "country", "DE", "dealer", "Foto Shop"));
    }

    static String tier(PortalClient.Page page, String name) {
        for (Element row : page.html().select("#cps-tiers tbody tr")) {
            if (row.child(0).text().equals(name)) {
                return row.child(4).text();
            }
        }
        throw new AssertionError("no tier " + name);
    }

    @Test
    void registeredProductsEarnPointsAndThePointsOpenTheCpsTiers() {
        PortalClient browser = fx.client();
        fx.verifiedCustomer(browser, "Photographer", "photographer@example.com");
        PortalClient.Page start = browser.get("/account/products");
        assertThat(start.text("#points-balance")).isEqualTo("0");
        assertThat(start.text("#cps-progress")).contains("Collect 500 more points");

        registerProduct(browser, "EOS R50", "R50-0001");
        PortalClient.Page invited = registerProduct(browser, "eos r100", "R100-0001");
        assertThat(invited.notice()).isEqualTo("Your product is registered.");
        assertThat(invited.text("#points-balance")).isEqualTo("500");
        assertThat(invited.text("#cps-invitation")).contains("You are invited to join Canon Professional Services");
        assertThat(tier(invited, "CPS Silver")).isEqualTo("Open to you");
        assertThat(tier(invited, "CPS Gold")).isEqualTo("Not yet");
        assertThat(invited.text("#registered-products")).contains("EOS R100", "R100-0001", "2026-01-15 (DE)", "Foto Shop");

        registerProduct(browser, "RF 24-70mm F2.8 L IS USM", "RF2470-0001");
        registerProduct(browser, "imagePROGRAF PRO-1000", "PRO1000-0001");
        PortalClient.Page at1900 = registerProduct(browser, "RF 50mm F1.8 STM", "RF50-0001");
        assertThat(at1900.text("#points-balance")).isEqualTo("2000");
        assertThat(tier(at1900, "CPS Platinum")).isEqualTo("Open to you");
        assertThat(tier(at1900, "CPS Corporate Gold")).isEqualTo("Not yet");

        registerProduct(browser, "imagePROGRAF PRO-300", "PRO300-0001");
        PortalClient.Page at2500 = registerProduct(browser, "RF 50mm F1.8 STM", "RF50-0002");
        assertThat(at2500.text("#points-balance")).isEqualTo("2500");
        assertThat(tier(at2500, "CPS Corporate Gold")).as("corporate tiers open only above 2,500").isEqualTo("Not yet");
        PortalClient.Page above = registerProduct(browser, "SELPHY CP1500", "SELPHY-0001");
        assertThat(above.text("#points-balance")).isEqualTo("2550");
        assertThat(tier(above, "CPS Corporate Gold")).isEqualTo("Open to you");
        assertThat(tier(above, "CPS Corporate Platinum")).isEqualTo("Open to you");
    }

    @Test
    void everyFieldIsCheckedAndAProductIsRegisteredOnlyOnce() {
        PortalClient browser = fx.client();
        fx.verifiedCustomer(browser, "Careless", "careless.products@example.com");

        PortalClient.Page bad = browser.submit(browser.get("/account/products"), "form[action=/account/products]",
                Map.of("model", "Nikon Z9", "serial", "?", "purchasedOn", LocalDate.now().plusDays(3).toString(),
                        "country", "ZZ"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.fieldError("model")).isEqualTo("Choose a Canon product from the list");
        assertThat(bad.fieldError("serial")).startsWith("Enter the serial number");
        assertThat(bad.fieldError("purchasedOn")).isEqualTo("The date of purchase must be a past date");
        assertThat(bad.fieldError("country")).isEqualTo("Select the country of purchase");
        assertThat(bad.fieldError("dealer")).isEqualTo("Enter dealer");
        PortalClient.Page badDate = browser.submit(browser.get("/account/products"), "form[action=/account/products]",
                Map.of("purchasedOn", "14/03/2026"));
        assertThat(badDate.fieldError("purchasedOn")).startsWith("Enter the date of purchase as year-month-day");

        assertThat(registerProduct(browser, "EOS R8", "R8-SHARED").status()).isEqualTo(200);
        PortalClient other = fx.client();
        fx.verifiedCustomer(other, "Second hand", "secondhand@example.com");
        PortalClient.Page twice = registerProduct(other, "EOS R8", "r8-shared");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.fieldError("serial")).isEqualTo("This product is already registered");
        assertThat(twice.text("#points-balance")).isEqualTo("0");
    }
}
