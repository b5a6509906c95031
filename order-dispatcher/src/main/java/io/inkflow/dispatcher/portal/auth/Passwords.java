package io.inkflow.dispatcher.portal.auth;

import io.inkflow.dispatcher.account.DeviceSecrets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Customer passwords: Argon2id PHC strings with exactly the parameters of the device secrets
 * ({@link DeviceSecrets}), and the password rules of the sign-up, reset and change forms.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    /** Refused whatever their length: the first guesses of every attacker. */
    private static final Set<String> COMMON = Set.of("password", "password1", "password12", "password123",
            "1234567890", "12345678910", "123456789a", "qwertyuiop", "qwerty1234", "iloveyou12", "letmein123",
            "welcome123", "abcdefghij", "0123456789", "1111111111", "canon12345", "inkflow123", "printer123");

    private final DeviceSecrets hasher;
    /** Checked when no account has the e-mail, so a wrong address costs as long as a wrong password. */
    private final String decoyHash;

    public Passwords(DeviceSecrets hasher) {
        this.hasher = hasher;
        this.decoyHash = hasher.hash(hasher.newSecret());
    }

    public String hash(String password) {
        return hasher.hash(password);
    }

    public boolean matches(String password, String hash) {
        return DeviceSecrets.matches(password, hash);
    }

    /** Spends the time of one check, for an unknown e-mail address. */
    public void checkDecoy(String password) {
        DeviceSecrets.matches(password, decoyHash);
    }

    /** Why the password cannot be used, or empty when it can. */
    public static Optional<String> problem(String password, String email) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
            return Optional.of("This password is too easy to guess; choose another");
        }
        if (email != null && lower.equals(email.toLowerCase(Locale.ROOT))) {
            return Optional.of("Your password must not be your e-mail address");
        }
        return Optional.empty();
    }
}
