package io.inkflow.dispatcher.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers through an SMTP relay with Jakarta Mail (Eclipse Angus): STARTTLS required (or implicit TLS),
 * AUTH, one connection per batch, multipart text and HTML, and on optional mail the one-click
 * {@code List-Unsubscribe} headers (RFC 2369, RFC 8058). At-least-once by nature (the relay may accept a
 * mail and the commit marking it sent may then fail); the Message-ID is the notification id, so a resend is
 * recognisable as the same mail.
 */
public final class SmtpMailer implements Mailer {
    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

    private final SmtpSettings settings;
    private final Session session;
    private final Clock clock;

    public SmtpMailer(SmtpSettings settings, Clock clock) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.clock = clock;
    }

    @Override
    public MailChannel channel() {
        return MailChannel.SMTP;
    }

    /**
     * Connects and authenticates once, at start-up: a wrong password or a relay without STARTTLS is a
     * configuration error and fails the start with a clear message; a relay that is merely down is logged
     * and the outbox retries later.
     */
    public void verify() {
        try (Transport transport = connect()) {
            log.info("SMTP relay reachable [host={}, port={}, tls={}]", settings.host(), settings.port(), settings.tls());
        } catch (MessagingException e) {
            String problem = describe(e);
            if (configurationError(e)) {
                throw new IllegalStateException("SMTP relay refused the configuration: " + problem, e);
            }
            log.warn("SMTP relay not reachable at start; mail stays in the outbox until it is [error={}]", problem, e);
        }
    }

    @Override
    public Map<UUID, String> deliverAll(Connection c, List<OutgoingMail> mails) {
        Map<UUID, String> failures = new HashMap<>();
        Transport transport;
        try {
            transport = connect();
        } catch (MessagingException e) {
            // the connection, TLS or AUTH failed: nothing of this batch was sent
            String problem = describe(e);
            mails.forEach(mail -> failures.put(mail.notificationId(), problem));
            return failures;
        }
        try {
            for (OutgoingMail mail : mails) {
                try {
                    MimeMessage message = message(mail);
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException e) {
                    failures.put(mail.notificationId(), describe(e));
                }
            }
        } finally {
            // the relay has accepted what it accepted; a failed QUIT does not make those mails unsent
            closeQuietly(transport);
        }
        return failures;
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            log.debug("Closing the SMTP connection failed [error={}]", e.getMessage(), e);
        }
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport(protocol(settings));
        transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
        return transport;
    }

    MimeMessage message(OutgoingMail mail) throws MessagingException {
        String messageId = "<" + mail.notificationId() + "@inkflow>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(settings.from(), true));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), true));
        message.setSubject(mail.content().subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        if (mail.unsubscribe() != null) {
            message.setHeader("List-Unsubscribe", "<" + mail.unsubscribe() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (mail.content().html() == null) {
            message.setText(mail.content().text(), StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.content().text(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.content().html(), StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        message.saveChanges();
        return message;
    }

    private static boolean configurationError(MessagingException e) {
        return e instanceof AuthenticationFailedException || starttlsRefused(e);
    }

    private static boolean starttlsRefused(MessagingException e) {
        return e.getMessage() != null && e.getMessage().contains("STARTTLS is required");
    }

    private String describe(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return "authentication failed for user " + settings.user() + " at " + settings.host()
                    + " (check DISPATCHER_SMTP_USER and DISPATCHER_SMTP_PASSWORD): " + e.getMessage();
        }
        if (starttlsRefused(e)) {
            return settings.host() + ":" + settings.port() + " does not offer STARTTLS, which DISPATCHER_SMTP_TLS="
                    + "starttls requires: " + e.getMessage();
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return e.getMessage() + (cause == e ? "" : " (" + cause + ")");
    }

    private static String protocol(SmtpSettings settings) {
        return settings.tls() == SmtpSettings.Tls.IMPLICIT ? "smtps" : "smtp";
    }

    private static Properties properties(SmtpSettings settings) {
        String p = "mail." + protocol(settings) + ".";
        String timeout = String.valueOf(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "host", settings.host());
        props.put(p + "port", String.valueOf(settings.port()));
        props.put(p + "auth", String.valueOf(settings.user() != null));
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        props.put(p + "ssl.checkserveridentity", "true");
        if (settings.tls() == SmtpSettings.Tls.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (settings.trustedHosts() != null) {
            props.put(p + "ssl.trust", settings.trustedHosts());
        }
        return props;
    }
}
