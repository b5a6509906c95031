package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.notify.MailChannel;
import io.inkflow.dispatcher.payment.StripePaymentProvider;
import io.inkflow.dispatcher.sandbox.SandboxAmazonChannel;
import io.inkflow.dispatcher.sandbox.SandboxCarrier;
import io.inkflow.dispatcher.sandbox.SandboxPaymentProvider;
import io.inkflow.dispatcher.shipping.EasyPostCarrier;
import io.inkflow.schemas.ModelCatalog;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The configuration picks the adapters; building them calls nobody (SMTP, which verifies, is tested in FulfilmentIT). */
class ProvidersTest {
    private static Providers providers(Map<String, String> env) {
        return Providers.from(DispatcherConfig.fromEnv(env), new PGSimpleDataSource(), Clock.systemUTC(),
                ModelCatalog.bundled());
    }

    @Test
    void theSandboxesAreTheDefault() {
        Providers p = providers(DispatcherConfigTest.minimal());
        assertThat(p.payment()).isInstanceOf(SandboxPaymentProvider.class);
        assertThat(p.carrier()).isInstanceOf(SandboxCarrier.class);
        assertThat(p.amazon()).isInstanceOf(SandboxAmazonChannel.class);
        assertThat(p.mailer().channel()).isEqualTo(MailChannel.MAILBOX);
    }

    @Test
    void stripeAndEasyPostWhenChosenWhileAmazonStaysTheSandbox() {
        Map<String, String> env = DispatcherConfigTest.minimal();
        env.put("DISPATCHER_PAYMENT_PROVIDER", "stripe");
        env.put("DISPATCHER_STRIPE_API_KEY", "sk_test_inkflow");
        env.put("DISPATCHER_CARRIER", "EasyPost");
        env.put("DISPATCHER_EASYPOST_API_KEY", "EZTKinkflow");
        env.put("DISPATCHER_EASYPOST_FROM_ADDRESS_ID", "adr_warehouse");
        Providers p = providers(env);
        assertThat(p.payment()).isInstanceOf(StripePaymentProvider.class);
        assertThat(p.carrier()).isInstanceOf(EasyPostCarrier.class);
        assertThat(p.carrier().name()).isEqualTo("easypost");
        assertThat(p.amazon()).isInstanceOf(SandboxAmazonChannel.class);
    }
}
