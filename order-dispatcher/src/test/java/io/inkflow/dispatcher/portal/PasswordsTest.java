package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.portal.auth.Passwords;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void passwordsAreArgon2idWithTheDeviceSecretParameters() {
        Passwords passwords = new Passwords(new DeviceSecrets());
        String hash = passwords.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(passwords.matches("correct horse battery", hash)).isTrue();
        assertThat(passwords.matches("correct horse batterY", hash)).isFalse();
    }

    @Test
    void rulesRefuseShortCommonAndEmailPasswords() {
        assertThat(Passwords.problem("", null)).contains("Enter a password");
        assertThat(Passwords.problem("nine char", null)).contains("Use at least 10 characters");
        assertThat(Passwords.problem("x".repeat(129), null)).contains("Use at most 128 characters");
        assertThat(Passwords.problem("Password123", null)).contains("This password is too easy to guess; choose another");
        assertThat(Passwords.problem("aaaaaaaaaaaa", null)).contains("This password is too easy to guess; choose another");
        assertThat(Passwords.problem("Me@Example.com", "me@example.com"))
                .contains("Your password must not be your e-mail address");
        assertThat(Passwords.problem("correct horse battery", "me@example.com")).isEmpty();
    }
}
