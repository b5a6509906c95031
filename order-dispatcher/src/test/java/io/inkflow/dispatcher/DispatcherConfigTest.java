package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.dispatcher.sandbox.Fault;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {
    /** The required variables only. */
    static Map<String, String> minimal() {
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
        assertThat(config.providers().payment()).isEqualTo(ProviderConfig.PaymentAdapter.SANDBOX);
        assertThat(config.providers().carrier()).isEqualTo(ProviderConfig.CarrierAdapter.SANDBOX);
        assertThat(config.providers().mailer()).isEqualTo(ProviderConfig.MailAdapter.SANDBOX);
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

    /** Every real provider chosen, with its keys. */
    private static Map<String, String> live() {
        Map<String, String> env = minimal();
        env.put("DISPATCHER_PAYMENT_PROVIDER", "stripe");
        env.put("DISPATCHER_STRIPE_API_KEY", "sk_live_stripekey123");
        env.put("DISPATCHER_CARRIER", "easypost");
        env.put("DISPATCHER_EASYPOST_API_KEY", "EZAKeasypostkey123");
        env.put("DISPATCHER_EASYPOST_FROM_ADDRESS_ID", "adr_warehouse");
        env.put("DISPATCHER_EASYPOST_CARRIERS", "USPS, UPS");
        env.put("DISPATCHER_MAILER", "smtp");
        env.put("DISPATCHER_SMTP_HOST", "smtp.example.com");
        env.put("DISPATCHER_SMTP_USER", "mailer");
        env.put("DISPATCHER_SMTP_PASSWORD", "smtp-password-42");
        env.put("DISPATCHER_PUBLIC_BASE_URL", "https://inkflow.example");
        env.put("DISPATCHER_UNSUBSCRIBE_SECRET", "unsubscribe-secret-0123456789abcdef");
        return env;
    }

    @Test
    void roundTripsThroughTheEnvironmentWithoutLeakingSecrets() {
        Map<String, String> env = live();
        env.put("DISPATCHER_DB_PASSWORD", "hunter2");
        env.put("DISPATCHER_SANDBOX_LATENCY_MS", "50");
        DispatcherConfig config = DispatcherConfig.fromEnv(env);
        assertThat(DispatcherConfig.fromEnv(config.asEnv())).isEqualTo(config);
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("secret-admin-token")
                .doesNotContain("stripekey123").doesNotContain("easypostkey123").doesNotContain("smtp-password-42")
                .doesNotContain("unsubscribe-secret").contains("mode=live", "mode=production", "smtp.example.com");
        assertThat(config.with(Map.of("DISPATCHER_HTTP_PORT", "0")).httpPort()).isZero();
        assertThat(DispatcherConfig.fromEnv(minimal()).asEnv()).containsKey("DISPATCHER_UNSUBSCRIBE_SECRET");
    }

    @Test
    void realProvidersReadTheirSettingsWithDefaults() {
        DispatcherConfig config = DispatcherConfig.fromEnv(live());
        ProviderConfig p = config.providers();
        assertThat(p.stripe().apiBase()).hasToString("https://api.stripe.com");
        assertThat(p.stripe().currency()).isEqualTo("usd");
        assertThat(p.easyPost().carriers()).containsExactly("USPS", "UPS");
        assertThat(p.easyPost().services()).isEmpty();
        assertThat(p.smtp().tls()).isEqualTo(io.inkflow.dispatcher.notify.SmtpSettings.Tls.STARTTLS);
        assertThat(p.smtp().port()).isEqualTo(587);
    }

    @Test
    void aRealProviderWithoutItsKeysOrWithUnsafeSettingsIsRefusedNamingTheVariable() {
        Map<String, Map.Entry<String, String>> cases = Map.of(
                "DISPATCHER_STRIPE_API_KEY", Map.entry("DISPATCHER_STRIPE_API_KEY", "pk_live_publishable"),
                "DISPATCHER_EASYPOST_FROM_ADDRESS_ID", Map.entry("DISPATCHER_EASYPOST_FROM_ADDRESS_ID", "warehouse"),
                "DISPATCHER_EASYPOST_API_BASE", Map.entry("DISPATCHER_EASYPOST_API_BASE", "http://api.easypost.com"),
                "DISPATCHER_SMTP_HOST", Map.entry("DISPATCHER_SMTP_HOST", " "),
                "DISPATCHER_SMTP_TLS", Map.entry("DISPATCHER_SMTP_TLS", "none"),
                "DISPATCHER_PUBLIC_BASE_URL", Map.entry("DISPATCHER_PUBLIC_BASE_URL", "http://inkflow.example"),
                "DISPATCHER_UNSUBSCRIBE_SECRET", Map.entry("DISPATCHER_UNSUBSCRIBE_SECRET", "short"),
                "DISPATCHER_PAYMENT_PROVIDER", Map.entry("DISPATCHER_PAYMENT_PROVIDER", "paypal"));
        cases.forEach((named, change) -> {
            Map<String, String> env = live();
            env.put(change.getKey(), change.getValue());
            assertThatThrownBy(() -> DispatcherConfig.fromEnv(env)).as(named).hasMessageContaining(named);
        });
        Map<String, String> noSecret = live();
        noSecret.remove("DISPATCHER_UNSUBSCRIBE_SECRET");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(noSecret)).hasMessageContaining("DISPATCHER_UNSUBSCRIBE_SECRET");
        Map<String, String> halfAuth = live();
        halfAuth.remove("DISPATCHER_SMTP_PASSWORD");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(halfAuth)).hasMessageContaining("DISPATCHER_SMTP_PASSWORD");
    }
}
