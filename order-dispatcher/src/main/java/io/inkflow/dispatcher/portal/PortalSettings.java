package io.inkflow.dispatcher.portal;

import static java.time.temporal.ChronoUnit.HOURS;
import static java.time.temporal.ChronoUnit.MINUTES;

import io.inkflow.schemas.config.Env;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the customer pages behave; defaults in {@link #fromEnv}, checked in the compact constructor, each
 * failure naming its variable.
 *
 * @param secureCookies        when cookies get the {@code Secure} flag (and the {@code __Host-} prefix)
 * @param sessionIdle          a session unused this long is over
 * @param sessionMax           a session is over this long after sign-in, used or not
 * @param signInWindow         failed sign-ins are counted over this sliding window
 * @param maxFailuresPerAccount failures for one e-mail address within the window before sign-in is refused
 * @param maxFailuresPerAddress failures from one client address within the window before sign-in is refused
 * @param clientIpHeader       a header set by the trusted proxy in front (its last value is the client),
 *                             null to use the connection's address
 */
public record PortalSettings(SecureCookies secureCookies, Duration sessionIdle, Duration sessionMax,
                             Duration signInWindow, int maxFailuresPerAccount, int maxFailuresPerAddress,
                             String clientIpHeader) {

    /** When the cookies are marked Secure. */
    public enum SecureCookies {
        /** When the request came over TLS (directly, or {@code X-Forwarded-Proto: https} from a proxy). */
        AUTO,
        ALWAYS,
        NEVER
    }

    public PortalSettings {
        if (secureCookies == null) {
            throw new IllegalArgumentException("DISPATCHER_PORTAL_SECURE_COOKIES must be auto, always or never");
        }
        requireBetween(sessionIdle, Duration.ofMinutes(1), Duration.ofDays(1), "DISPATCHER_PORTAL_SESSION_IDLE_MINUTES");
        requireBetween(sessionMax, Duration.ofHours(1), Duration.ofDays(30), "DISPATCHER_PORTAL_SESSION_MAX_HOURS");
        requireBetween(signInWindow, Duration.ofMinutes(1), Duration.ofDays(1), "DISPATCHER_PORTAL_SIGNIN_WINDOW_MINUTES");
        requireCount(maxFailuresPerAccount, "DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ACCOUNT");
        requireCount(maxFailuresPerAddress, "DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ADDRESS");
        if (clientIpHeader != null && !clientIpHeader.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("DISPATCHER_PORTAL_CLIENT_IP_HEADER must be a header name");
        }
    }

    /** Reads the {@code DISPATCHER_PORTAL_*} variables. */
    public static PortalSettings fromEnv(Map<String, String> environment) {
        Env env = new Env(environment);
        return new PortalSettings(
                env.choice("DISPATCHER_PORTAL_SECURE_COOKIES", SecureCookies.class, SecureCookies.AUTO),
                env.duration("DISPATCHER_PORTAL_SESSION_IDLE_MINUTES", MINUTES, 30),
                env.duration("DISPATCHER_PORTAL_SESSION_MAX_HOURS", HOURS, 12),
                env.duration("DISPATCHER_PORTAL_SIGNIN_WINDOW_MINUTES", MINUTES, 15),
                env.integer("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ACCOUNT", 5),
                env.integer("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ADDRESS", 20),
                env.string("DISPATCHER_PORTAL_CLIENT_IP_HEADER", null));
    }

    /** This configuration as the variables that produce it. */
    public Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISPATCHER_PORTAL_SECURE_COOKIES", secureCookies.name().toLowerCase(Locale.ROOT));
        env.put("DISPATCHER_PORTAL_SESSION_IDLE_MINUTES", String.valueOf(sessionIdle.toMinutes()));
        env.put("DISPATCHER_PORTAL_SESSION_MAX_HOURS", String.valueOf(sessionMax.toHours()));
        env.put("DISPATCHER_PORTAL_SIGNIN_WINDOW_MINUTES", String.valueOf(signInWindow.toMinutes()));
        env.put("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ACCOUNT", String.valueOf(maxFailuresPerAccount));
        env.put("DISPATCHER_PORTAL_SIGNIN_MAX_FAILURES_PER_ADDRESS", String.valueOf(maxFailuresPerAddress));
        if (clientIpHeader != null) {
            env.put("DISPATCHER_PORTAL_CLIENT_IP_HEADER", clientIpHeader);
        }
        return env;
    }

    private static void requireBetween(Duration value, Duration min, Duration max, String name) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was: " + value);
        }
    }

    private static void requireCount(int value, String name) {
        if (value < 1 || value > 10_000) {
            throw new IllegalArgumentException(name + " must be 1..10000, was: " + value);
        }
    }
}
