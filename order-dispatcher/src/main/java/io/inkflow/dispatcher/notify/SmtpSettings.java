package io.inkflow.dispatcher.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;

/**
 * How the dispatcher reaches its mail relay. Checked when built (at start-up), naming the variable at fault.
 *
 * @param tls          STARTTLS (required, the connection fails when the relay does not offer it), IMPLICIT
 *                     (TLS from the first byte, "SMTPS", port 465) or NONE (a relay on the same host only)
 * @param user         AUTH user; null for a relay that needs none
 * @param trustedHosts hosts whose certificate is trusted without checking it against the JVM's trust store
 *                     (a relay with a private certificate); null checks every certificate
 */
public record SmtpSettings(String host, int port, Tls tls, String user, String password, String from,
                           String trustedHosts, Duration timeout) {

    /** The transport security of the relay connection. */
    public enum Tls {
        STARTTLS, IMPLICIT, NONE
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_HOST must be set when DISPATCHER_MAILER is smtp");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_PORT must be 1..65535, was " + port);
        }
        if (tls == null) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_TLS must be starttls, implicit or none");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_USER and DISPATCHER_SMTP_PASSWORD must be set together");
        }
        if (user != null && tls == Tls.NONE) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_TLS=none would send DISPATCHER_SMTP_PASSWORD in clear"
                    + " text; use starttls or implicit");
        }
        try {
            new InternetAddress(from, true);
        } catch (AddressException | NullPointerException e) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_FROM must be a mail address, was '" + from + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DISPATCHER_SMTP_TIMEOUT_MS must be positive");
        }
    }

    /** The usual port of each mode: 587 (submission with STARTTLS), 465 (implicit TLS), 25. */
    public static int defaultPort(Tls tls) {
        return switch (tls) {
            case STARTTLS -> 587;
            case IMPLICIT -> 465;
            case NONE -> 25;
        };
    }

    @Override
    public String toString() {
        // never the password
        return "SmtpSettings[host=" + host + ", port=" + port + ", tls=" + tls + ", user=" + user + ", from=" + from
                + ", trustedHosts=" + trustedHosts + ", timeout=" + timeout + "]";
    }
}
