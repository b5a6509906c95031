package io.inkflow.dispatcher.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void shipmentMailCarriesTrackingAndEstimate() {
        TemplateRenderer.Message m = renderer.render(NotificationKind.SHIPMENT, Map.of("name", "Ada", "sku", "PGI-280 PGBK",
                "serial", "SER-1", "trackingNumber", "IF123", "deliveryEstimate", "2026-11-30", "amount", "$21.99",
                "orderId", "o-1"));
        assertThat(m.subject()).isEqualTo("Your PGI-280 PGBK has shipped, tracking IF123");
        assertThat(m.body()).contains("Hello Ada,", "Tracking number: IF123", "Expected delivery: 2026-11-30",
                "Charged: $21.99").doesNotContain("{{");
    }

    @Test
    void everyTemplateHasASubjectLine() {
        for (NotificationKind kind : NotificationKind.values()) {
            assertThatThrownBy(() -> renderer.render(kind, Map.of()))
                    .as(kind.name()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No value");
        }
    }

    @Test
    void aValueCannotBreakTheSubjectIntoTwoHeaders() {
        TemplateRenderer.Message m = renderer.render(NotificationKind.BACKORDER, Map.of("name", "Ada", "sku",
                "X\r\nBcc: victim@example.com", "serial", "S", "model", "m", "orderId", "o"));
        assertThat(m.subject()).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void missingValueFailsInsteadOfMailingAPlaceholder() {
        assertThatThrownBy(() -> renderer.render(NotificationKind.PLAN_CANCELLED, Map.of("name", "Ada")))
                .hasMessageContaining("{{reasons}}");
    }
}
