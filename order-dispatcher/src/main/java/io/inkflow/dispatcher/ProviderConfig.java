package io.inkflow.dispatcher;

import static java.time.temporal.ChronoUnit.MILLIS;

import io.inkflow.dispatcher.notify.SmtpSettings;
import io.inkflow.dispatcher.payment.StripeSettings;
import io.inkflow.dispatcher.shipping.EasyPostSettings;
import io.inkflow.schemas.config.Env;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which adapter talks to each outside provider: the sandbox (default: local stack, tests) or the real one,
 * with its keys and endpoints. Only the chosen adapter's variables are read; keys are never logged.
 *
 * @param stripe            set exactly when {@code payment} is STRIPE
 * @param easyPost          set exactly when {@code carrier} is EASYPOST
 * @param smtp              set exactly when {@code mailer} is SMTP
 * @param publicBaseUrl     where customers reach the dispatcher's HTTP API (unsubscribe links, sign-in links)
 * @param unsubscribeSecret HMAC key of unsubscribe links; the same on every instance
 */
public record ProviderConfig(PaymentAdapter payment, StripeSettings stripe, CarrierAdapter carrier,
                             EasyPostSettings easyPost, MailAdapter mailer, SmtpSettings smtp, URI publicBaseUrl,
                             String unsubscribeSecret) {
    static final int MIN_SECRET_LENGTH = 32;

    /** {@code DISPATCHER_PAYMENT_PROVIDER}. */
    public enum PaymentAdapter { SANDBOX, STRIPE }

    /** {@code DISPATCHER_CARRIER}. */
    public enum CarrierAdapter { SANDBOX, EASYPOST }

    /** {@code DISPATCHER_MAILER}: SANDBOX is the local {@code mailbox} table. */
    public enum MailAdapter { SANDBOX, SMTP }

    public ProviderConfig {
        Objects.requireNonNull(payment, "DISPATCHER_PAYMENT_PROVIDER");
        Objects.requireNonNull(carrier, "DISPATCHER_CARRIER");
        Objects.requireNonNull(mailer, "DISPATCHER_MAILER");
        requireExactlyWhen(stripe, payment == PaymentAdapter.STRIPE, "Stripe settings");
        requireExactlyWhen(easyPost, carrier == CarrierAdapter.EASYPOST, "EasyPost settings");
        requireExactlyWhen(smtp, mailer == MailAdapter.SMTP, "SMTP settings");
        if (publicBaseUrl == null || !publicBaseUrl.isAbsolute() || !publicBaseUrl.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("DISPATCHER_PUBLIC_BASE_URL must be an http(s) URL");
        }
        if (mailer == MailAdapter.SMTP && !"https".equals(publicBaseUrl.getScheme())) {
            // RFC 8058: mail clients only follow a one-click unsubscribe link over HTTPS
            throw new IllegalArgumentException("DISPATCHER_PUBLIC_BASE_URL must be https when DISPATCHER_MAILER is smtp");
        }
        if (unsubscribeSecret == null || unsubscribeSecret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("DISPATCHER_UNSUBSCRIBE_SECRET must be at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
    }

    static ProviderConfig fromEnv(Env e) {
        PaymentAdapter payment = e.choice("DISPATCHER_PAYMENT_PROVIDER", PaymentAdapter.class, PaymentAdapter.SANDBOX);
        CarrierAdapter carrier = e.choice("DISPATCHER_CARRIER", CarrierAdapter.class, CarrierAdapter.SANDBOX);
        MailAdapter mailer = e.choice("DISPATCHER_MAILER", MailAdapter.class, MailAdapter.SANDBOX);
        String secret = e.string("DISPATCHER_UNSUBSCRIBE_SECRET", null);
        if (secret == null && mailer == MailAdapter.SMTP) {
            throw new IllegalArgumentException("DISPATCHER_UNSUBSCRIBE_SECRET must be set when DISPATCHER_MAILER is smtp");
        }
        return new ProviderConfig(
                payment,
                payment == PaymentAdapter.STRIPE ? new StripeSettings(
                        e.string("DISPATCHER_STRIPE_API_KEY", null),
                        e.uri("DISPATCHER_STRIPE_API_BASE", "https://api.stripe.com"),
                        e.string("DISPATCHER_STRIPE_CURRENCY", "usd"),
                        e.duration("DISPATCHER_STRIPE_TIMEOUT_MS", MILLIS, 10_000)) : null,
                carrier,
                carrier == CarrierAdapter.EASYPOST ? new EasyPostSettings(
                        e.string("DISPATCHER_EASYPOST_API_KEY", null),
                        e.uri("DISPATCHER_EASYPOST_API_BASE", "https://api.easypost.com"),
                        e.string("DISPATCHER_EASYPOST_FROM_ADDRESS_ID", null),
                        e.list("DISPATCHER_EASYPOST_CARRIERS"),
                        e.list("DISPATCHER_EASYPOST_SERVICES"),
                        e.duration("DISPATCHER_EASYPOST_TIMEOUT_MS", MILLIS, 30_000)) : null,
                mailer,
                mailer == MailAdapter.SMTP ? smtp(e) : null,
                e.uri("DISPATCHER_PUBLIC_BASE_URL", "http://localhost:8080"),
                // the sandbox mailbox works without one: links then hold until this process stops
                secret != null ? secret : randomSecret());
    }

    private static SmtpSettings smtp(Env e) {
        SmtpSettings.Tls tls = e.choice("DISPATCHER_SMTP_TLS", SmtpSettings.Tls.class, SmtpSettings.Tls.STARTTLS);
        return new SmtpSettings(
                e.string("DISPATCHER_SMTP_HOST", null),
                e.integer("DISPATCHER_SMTP_PORT", SmtpSettings.defaultPort(tls)),
                tls,
                e.string("DISPATCHER_SMTP_USER", null),
                e.string("DISPATCHER_SMTP_PASSWORD", null),
                e.string("DISPATCHER_SMTP_FROM", "InkFlow <orders@inkflow.local>"),
                e.string("DISPATCHER_SMTP_TRUSTED_HOSTS", null),
                e.duration("DISPATCHER_SMTP_TIMEOUT_MS", MILLIS, 10_000));
    }

    /** These settings as the environment variables that produce them. */
    Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISPATCHER_PAYMENT_PROVIDER", lower(payment));
        if (stripe != null) {
            env.put("DISPATCHER_STRIPE_API_KEY", stripe.apiKey());
            env.put("DISPATCHER_STRIPE_API_BASE", stripe.apiBase().toString());
            env.put("DISPATCHER_STRIPE_CURRENCY", stripe.currency());
            env.put("DISPATCHER_STRIPE_TIMEOUT_MS", String.valueOf(stripe.timeout().toMillis()));
        }
        env.put("DISPATCHER_CARRIER", lower(carrier));
        if (easyPost != null) {
            env.put("DISPATCHER_EASYPOST_API_KEY", easyPost.apiKey());
            env.put("DISPATCHER_EASYPOST_API_BASE", easyPost.apiBase().toString());
            env.put("DISPATCHER_EASYPOST_FROM_ADDRESS_ID", easyPost.fromAddressId());
            env.put("DISPATCHER_EASYPOST_CARRIERS", String.join(",", easyPost.carriers()));
            env.put("DISPATCHER_EASYPOST_SERVICES", String.join(",", easyPost.services()));
            env.put("DISPATCHER_EASYPOST_TIMEOUT_MS", String.valueOf(easyPost.timeout().toMillis()));
        }
        env.put("DISPATCHER_MAILER", lower(mailer));
        if (smtp != null) {
            env.put("DISPATCHER_SMTP_HOST", smtp.host());
            env.put("DISPATCHER_SMTP_PORT", String.valueOf(smtp.port()));
            env.put("DISPATCHER_SMTP_TLS", lower(smtp.tls()));
            if (smtp.user() != null) {
                env.put("DISPATCHER_SMTP_USER", smtp.user());
                env.put("DISPATCHER_SMTP_PASSWORD", smtp.password());
            }
            env.put("DISPATCHER_SMTP_FROM", smtp.from());
            if (smtp.trustedHosts() != null) {
                env.put("DISPATCHER_SMTP_TRUSTED_HOSTS", smtp.trustedHosts());
            }
            env.put("DISPATCHER_SMTP_TIMEOUT_MS", String.valueOf(smtp.timeout().toMillis()));
        }
        env.put("DISPATCHER_PUBLIC_BASE_URL", publicBaseUrl.toString());
        env.put("DISPATCHER_UNSUBSCRIBE_SECRET", unsubscribeSecret);
        return env;
    }

    @Override
    public String toString() {
        // the settings' own toString leave their keys out; the unsubscribe secret is left out here
        return "ProviderConfig[payment=" + payment + (stripe == null ? "" : " " + stripe) + ", carrier=" + carrier
                + (easyPost == null ? "" : " " + easyPost) + ", mailer=" + mailer + (smtp == null ? "" : " " + smtp)
                + ", publicBaseUrl=" + publicBaseUrl + "]";
    }

    private static void requireExactlyWhen(Object settings, boolean chosen, String what) {
        if (chosen != (settings != null)) {
            throw new IllegalArgumentException(what + " must be given exactly when that adapter is chosen");
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
