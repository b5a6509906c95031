package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

    @Test
    void defaultsPushEveryTwoSecondsAndRenewStreamsEveryTenMinutes() {
        DashboardSettings settings = DashboardSettings.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.pushInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.streamMaxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.ticketTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> DashboardSettings.fromEnv(Map.of("DISPATCHER_DASHBOARD_PUSH_MS", "10")))
                .hasMessageContaining("DISPATCHER_DASHBOARD_PUSH_MS");
        assertThatThrownBy(() -> DashboardSettings.fromEnv(Map.of("DISPATCHER_DASHBOARD_TICKET_SECONDS", "soon")))
                .hasMessageContaining("DISPATCHER_DASHBOARD_TICKET_SECONDS");
        assertThatThrownBy(() -> DashboardSettings.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", " ")))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void withoutKafkaThePageRunsWithoutTheTelemetrySignals() {
        assertThat(DashboardSettings.defaults(null).bootstrapServers()).isNull();
    }
}
