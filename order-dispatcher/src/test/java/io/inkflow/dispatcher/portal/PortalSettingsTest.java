package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortalSettingsTest {

    @Test
    void defaultsAreSafeAndRoundTripThroughTheEnvironment() {
        PortalSettings settings = PortalSettings.fromEnv(Map.of());

        assertThat(settings.secureCookies()).isEqualTo(PortalSettings.SecureCookies.AUTO);
        assertThat(settings.sessionIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.sessionMax()).isEqualTo(Duration.ofHours(12));
        assertThat(settings.maxFailuresPerAccount()).isEqualTo(5);
        assertThat(settings.clientIpHeader()).isNull();
        assertThat(PortalSettings.fromEnv(settings.asEnv())).isEqualTo(settings);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> PortalSettings.fromEnv(Map.of("DISPATCHER_PORTAL_SECURE_COOKIES", "sometimes")))
                .hasMessageContaining("DISPATCHER_PORTAL_SECURE_COOKIES");
        assertThatThrownBy(() -> PortalSettings.fromEnv(Map.of("DISPATCHER_PORTAL_SESSION_IDLE_MINUTES", "0")))
                .hasMessageContaining("DISPATCHER_PORTAL_SESSION_IDLE_MINUTES");
        assertThatThrownBy(() -> PortalSettings.fromEnv(Map.of("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ACCOUNT",
                "many"))).hasMessageContaining("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ACCOUNT");
        assertThatThrownBy(() -> PortalSettings.fromEnv(Map.of("DISPATCHER_PORTAL_CLIENT_IP_HEADER", "X Bad")))
                .hasMessageContaining("DISPATCHER_PORTAL_CLIENT_IP_HEADER");
    }
}
