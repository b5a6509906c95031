package io.inkflow.dispatcher.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues printer secrets and their Argon2id hashes, with exactly the parameters agreed with the
 * gateway (docs/contracts.md, "Device secrets"). The plain secret goes back to the caller once and is
 * never stored or logged.
 */
public final class DeviceSecrets {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);
    private static final int SECRET_BYTES = 32;

    private final SecureRandom random;

    public DeviceSecrets(SecureRandom random) {
        this.random = random;
    }

    public DeviceSecrets() {
        this(new SecureRandom());
    }

    /** 256 random bits, URL-safe Base64 without padding (43 characters), easy to paste into a printer. */
    public String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The PHC string ({@code $argon2id$v=19$m=19456,t=2,p=1$...}) with a fresh 16-byte salt. */
    public String hash(String secret) {
        return Password.hash(secret).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Verifies as the gateway does; for tests and tools. */
    public static boolean matches(String secret, String hash) {
        return Password.check(secret, hash).with(Argon2Function.getInstanceFromHash(hash));
    }
}
