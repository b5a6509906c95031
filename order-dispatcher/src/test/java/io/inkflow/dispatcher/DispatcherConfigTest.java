package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.dispatcher.sandbox.Fault;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("DISPATCHER_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/inkflow");
        env.put("DISPATCHER_ADMIN_TOKEN", "secret-admin-token");
        return env;
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredVariablesAreSet() {
        DispatcherConfig config = DispatcherConfig.fromEnv(minimal());
        assertThat(config.ordersTopic()).isEqualTo("replenishment.orders.v1");
        assertThat(config.publishCatalog()).isTrue();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.sandbox().paymentFault()).isEqualTo(Fault.NONE);
        assertThat(config.smtp().enabled()).isFalse();
        assertThat(config.paymentFailedCancelAfter()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void missingVariableIsNamed() {
        Map<String, String> env = minimal();
        env.remove("DISPATCHER_JDBC_URL");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(env)).hasMessageContaining("DISPATCHER_JDBC_URL");
    }

    @Test
    void badValuesAreNamed() {
        Map<String, String> env = minimal();
        env.put("DISPATCHER_INGEST_BATCH_SIZE", "lots");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(env)).hasMessageContaining("DISPATCHER_INGEST_BATCH_SIZE");
        env.put("DISPATCHER_INGEST_BATCH_SIZE", "100");
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT", "explode");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(env)).hasMessageContaining("DISPATCHER_SANDBOX_PAYMENT_FAULT");
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT", "lose-response");
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE", "1.5");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(env))
                .hasMessageContaining("DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE");
    }

    @Test
    void roundTripsThroughTheEnvironmentWithoutLeakingSecrets() {
        Map<String, String> env = minimal();
        env.put("DISPATCHER_DB_PASSWORD", "hunter2");
        env.put("DISPATCHER_SMTP_HOST", "smtp.internal");
        env.put("DISPATCHER_SANDBOX_LATENCY_MS", "50");
        DispatcherConfig config = DispatcherConfig.fromEnv(env);
        assertThat(DispatcherConfig.fromEnv(config.asEnv())).isEqualTo(config);
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("secret-admin-token");
        assertThat(config.with(Map.of("DISPATCHER_HTTP_PORT", "0")).httpPort()).isZero();
    }
}
