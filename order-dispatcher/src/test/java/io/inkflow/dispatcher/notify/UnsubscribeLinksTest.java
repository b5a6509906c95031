package io.inkflow.dispatcher.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final UnsubscribeLinks links = new UnsubscribeLinks(URI.create("https://inkflow.example/"), SECRET);

    @Test
    void aLinkNamesTheAccountAndTheKindAndVerifies() {
        URI link = links.link("acc-1", NotificationKind.NON_GENUINE_CARTRIDGE);
        assertThat(link.toString()).startsWith("https://inkflow.example/email/unsubscribe?token=");
        String token = link.getQuery().substring("token=".length());
        assertThat(links.verify(token)).contains(new UnsubscribeLinks.Claim("acc-1", "NON_GENUINE_CARTRIDGE"));
    }

    @Test
    void aTamperedOrForeignTokenDoesNotVerify() {
        String token = links.token("acc-1", "NON_GENUINE_CARTRIDGE");
        String otherAccount = links.token("acc-2", "NON_GENUINE_CARTRIDGE");
        String forged = otherAccount.substring(0, otherAccount.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        assertThat(links.verify(forged)).isEmpty();
        assertThat(new UnsubscribeLinks(URI.create("https://inkflow.example"), SECRET + "x").verify(token)).isEmpty();
        assertThat(links.verify("garbage")).isEmpty();
        assertThat(links.verify("a.b.%%%")).isEmpty();
        assertThat(links.verify(null)).isEmpty();
    }

    @Test
    void serviceMailHasNoUnsubscribeLink() {
        assertThatThrownBy(() -> links.link("acc-1", NotificationKind.SHIPMENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service mail");
    }
}
