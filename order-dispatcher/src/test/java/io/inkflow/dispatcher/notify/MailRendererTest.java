package io.inkflow.dispatcher.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MailRendererTest {
    private static final URI SITE = URI.create("https://inkflow.example");
    private static final URI UNSUBSCRIBE = URI.create("https://inkflow.example/email/unsubscribe?token=a.b.c");
    private final MailRenderer renderer = new MailRenderer(SITE);

    /** Every value any template uses. */
    static Map<String, String> allValues() {
        Map<String, String> values = new HashMap<>();
        for (String key : new String[] {"orderId", "serial", "model", "sku", "slot", "colour", "trackingNumber",
                "deliveryEstimate", "amount", "reason", "cancelAfter", "reasons",
                // the customer pages' mails
                "email", "token", "validFor", "points",
                // the quiet printer
                "lastReport", "days"}) {
            values.put(key, key + "-value");
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(NotificationKind.class)
    void everyKindRendersASubjectATextAndAnHtmlPart(NotificationKind kind) {
        MailRenderer.Rendered mail = renderer.render(kind, allValues(), "Ada", kind.optional() ? UNSUBSCRIBE : null);

        assertThat(mail.subject()).isNotBlank().doesNotContain("\n").doesNotContain("${");
        assertThat(mail.text()).startsWith("Hello Ada,").contains("InkFlow auto-replenishment").doesNotContain("${")
                .doesNotContain("@template").doesNotContain("Subject:");
        assertThat(mail.html()).startsWith("<!DOCTYPE html>").contains("<title>" + mail.subject() + "</title>",
                "<p>Hello Ada,</p>").doesNotContain("${");
        if (kind.optional()) {
            assertThat(mail.text()).contains("Unsubscribe with one click: " + UNSUBSCRIBE);
            assertThat(mail.html()).contains("href=\"https://inkflow.example/email/unsubscribe?token=a.b.c\"");
        } else {
            assertThat(mail.text()).doesNotContain("nsubscribe");
            assertThat(mail.html()).doesNotContain("nsubscribe");
        }
    }

    @Test
    void shipmentMailCarriesTrackingEstimateAndAmount() {
        Map<String, String> values = allValues();
        values.putAll(Map.of("sku", "PGI-280 PGBK", "trackingNumber", "IF123", "deliveryEstimate", "2026-11-30",
                "amount", "$21.99"));
        MailRenderer.Rendered m = renderer.render(NotificationKind.SHIPMENT, values, "Ada", null);
        assertThat(m.subject()).isEqualTo("Your PGI-280 PGBK has shipped, tracking IF123");
        assertThat(m.text()).contains("Tracking number: IF123", "Expected delivery: 2026-11-30", "Charged: $21.99");
        assertThat(m.html()).contains("<strong>IF123</strong>", "$21.99");
    }

    @Test
    void customerActionMailsLinkToTheSite() {
        for (NotificationKind kind : new NotificationKind[] {NotificationKind.PAYMENT_ACTION_REQUIRED,
                NotificationKind.ADDRESS_REJECTED}) {
            MailRenderer.Rendered m = renderer.render(kind, allValues(), "Ada", null);
            assertThat(m.text()).as(kind.name()).contains(SITE.toString());
            assertThat(m.html()).as(kind.name()).contains("href=\"" + SITE + "\"");
        }
    }

    @Test
    void valuesAreEscapedInHtmlAndCannotBreakTheSubjectIntoTwoHeaders() {
        Map<String, String> values = allValues();
        values.put("sku", "X\r\nBcc: victim@example.com <script>alert(1)</script>");
        MailRenderer.Rendered m = renderer.render(NotificationKind.BACKORDER, values, "<b>Ada</b>", null);
        assertThat(m.subject()).doesNotContain("\n").doesNotContain("\r");
        assertThat(m.html()).doesNotContain("<script>").doesNotContain("<b>Ada</b>").contains("&lt;script&gt;");
    }

    @Test
    void aMissingValueFailsInsteadOfMailingAGap() {
        assertThatThrownBy(() -> renderer.render(NotificationKind.PLAN_CANCELLED, Map.of(), "Ada", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'reasons'")
                .hasMessageContaining("PLAN_CANCELLED");
    }

    @Test
    void serviceMailAndOptionalMailAreToldApart() {
        assertThat(NotificationKind.values()).filteredOn(NotificationKind::optional)
                .containsExactly(NotificationKind.NON_GENUINE_CARTRIDGE, NotificationKind.CPS_INVITATION);
    }
}
