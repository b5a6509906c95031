package io.inkflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test
    void defaultsNeedNoVariables() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of());
        assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.httpPort()).isEqualTo(9101);
        assertThat(config.authRequired()).isTrue();
        assertThat(config.tls().enabled()).isFalse();
        assertThat(config.limits().maxInflightPerConnection()).isEqualTo(32);
    }

    @Test
    void workerThreadsAreOnePerCoreUnlessSet() {
        assertThat(GatewayConfig.fromEnv(Map.of()).workerThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(GatewayConfig.fromEnv(Map.of("GATEWAY_IO_THREADS", "3")).workerThreads()).isEqualTo(3);
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_IO_THREADS", "-1")))
                .hasMessageContaining("GATEWAY_IO_THREADS");
    }

    @Test
    void readsVariables() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1",
                "GATEWAY_MQTT_PORT", "0", "GATEWAY_AUTH_REQUIRED", "false", "GATEWAY_TLS_ENABLED", "true",
                "GATEWAY_TLS_SELF_SIGNED", "true", "GATEWAY_MQTT_ENABLED", "false"));
        assertThat(config.kafkaBootstrapServers()).isEqualTo("k:1");
        assertThat(config.mqttPort()).isZero();
        assertThat(config.authRequired()).isFalse();
        assertThat(config.tls().selfSigned()).isTrue();
        assertThat(config.mqttEnabled()).isFalse();
    }

    @Test
    void failsNamingTheBadVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_MQTT_PORT", "x")))
                .hasMessageContaining("GATEWAY_MQTT_PORT");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_HTTP_PORT", "70000")))
                .hasMessageContaining("GATEWAY_HTTP_PORT");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_AUTH_REQUIRED", "yes")))
                .hasMessageContaining("GATEWAY_AUTH_REQUIRED");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_TLS_ENABLED", "true")))
                .hasMessageContaining("GATEWAY_TLS_CERT_FILE");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_MQTT_ENABLED", "false")))
                .hasMessageContaining("GATEWAY_MQTT_ENABLED");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_MAX_REPORT_BYTES", "100000")))
                .hasMessageContaining("GATEWAY_MAX_REPORT_BYTES");
    }

    @Test
    void theProducerDoesNotLingerUnlessSetAndNeverLongerThanASecond() {
        assertThat(GatewayConfig.fromEnv(Map.of()).kafkaLinger()).isZero();
        assertThat(GatewayConfig.fromEnv(Map.of("GATEWAY_KAFKA_LINGER_MS", "2")).kafkaLinger())
                .isEqualTo(Duration.ofMillis(2));
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_KAFKA_LINGER_MS", "-1")))
                .hasMessageContaining("GATEWAY_KAFKA_LINGER_MS");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_KAFKA_LINGER_MS", "1001")))
                .hasMessageContaining("GATEWAY_KAFKA_LINGER_MS");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_KAFKA_LINGER_MS", "500",
                "GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS", "500"))).hasMessageContaining("GATEWAY_KAFKA_DELIVERY_TIMEOUT_MS");
    }
}
