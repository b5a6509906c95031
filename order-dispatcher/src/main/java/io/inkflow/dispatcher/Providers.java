package io.inkflow.dispatcher;

import io.inkflow.dispatcher.DispatcherConfig.SandboxSettings;
import io.inkflow.dispatcher.notify.MailRenderer;
import io.inkflow.dispatcher.notify.MailboxMailer;
import io.inkflow.dispatcher.notify.Mailer;
import io.inkflow.dispatcher.notify.SmtpMailer;
import io.inkflow.dispatcher.notify.UnsubscribeLinks;
import io.inkflow.dispatcher.payment.PaymentProvider;
import io.inkflow.dispatcher.payment.StripePaymentProvider;
import io.inkflow.dispatcher.sandbox.Fault;
import io.inkflow.dispatcher.sandbox.SandboxAmazonChannel;
import io.inkflow.dispatcher.sandbox.SandboxCarrier;
import io.inkflow.dispatcher.sandbox.SandboxFaults;
import io.inkflow.dispatcher.sandbox.SandboxPaymentProvider;
import io.inkflow.dispatcher.shipping.AmazonChannel;
import io.inkflow.dispatcher.shipping.Carrier;
import io.inkflow.dispatcher.shipping.EasyPostCarrier;
import io.inkflow.schemas.ModelCatalog;
import java.time.Clock;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapters to the outside providers, as the configuration chooses them: payment (sandbox or Stripe),
 * carrier (sandbox or EasyPost), mail (the local mailbox or SMTP) and the Amazon channel (always the sandbox:
 * see docs/decisions.md), with what mail needs to render and link.
 */
public record Providers(PaymentProvider payment, Carrier carrier, AmazonChannel amazon, Mailer mailer,
                        MailRenderer renderer, UnsubscribeLinks unsubscribeLinks) {
    private static final Logger log = LoggerFactory.getLogger(Providers.class);

    /** Builds the chosen adapters; a real adapter that cannot work with its settings fails here, at start-up. */
    public static Providers from(DispatcherConfig config, DataSource dataSource, Clock clock, ModelCatalog catalog) {
        ProviderConfig providers = config.providers();
        SandboxSettings sandbox = config.sandbox();
        RandomGenerator random = RandomGenerator.getDefault();
        SandboxFaults carrierFaults = faults(sandbox, sandbox.carrierFault(), sandbox.carrierFaultRate(), random);
        PaymentProvider payment = switch (providers.payment()) {
            case SANDBOX -> new SandboxPaymentProvider(dataSource,
                    faults(sandbox, sandbox.paymentFault(), sandbox.paymentFaultRate(), random), clock);
            case STRIPE -> new StripePaymentProvider(providers.stripe());
        };
        Carrier carrier = switch (providers.carrier()) {
            case SANDBOX -> new SandboxCarrier(dataSource, carrierFaults, clock);
            case EASYPOST -> new EasyPostCarrier(providers.easyPost(), catalog, clock);
        };
        Mailer mailer = switch (providers.mailer()) {
            case SANDBOX -> new MailboxMailer(clock);
            case SMTP -> {
                SmtpMailer smtp = new SmtpMailer(providers.smtp(), clock);
                smtp.verify();
                yield smtp;
            }
        };
        log.info("Providers chosen [payment={}, carrier={}, mailer={}, amazon=SANDBOX]", providers.payment(),
                providers.carrier(), providers.mailer());
        return new Providers(payment, carrier, new SandboxAmazonChannel(dataSource, carrierFaults, clock), mailer,
                new MailRenderer(providers.publicBaseUrl()),
                new UnsubscribeLinks(providers.publicBaseUrl(), providers.unsubscribeSecret()));
    }

    private static SandboxFaults faults(SandboxSettings sandbox, Fault fault, double rate, RandomGenerator random) {
        return new SandboxFaults(sandbox.latency(), sandbox.callTimeout(), fault, rate, random);
    }
}
