package io.inkflow.gateway.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks username = serial and password = device secret against the stored Argon2id hash (see
 * docs/contracts.md "Device secrets"). The hash is deliberately slow, so call this off the event
 * loop. Successful checks are remembered per serial as an HMAC of the secret under a key that
 * lives only in this process: a reconnect storm costs one HMAC per CONNECT, and a heap dump does
 * not yield a fast hash of any secret.
 */
public final class DeviceAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private static final String HMAC = "HmacSHA256";

    private final CredentialStore store;
    private final SecretKeySpec cacheKey;
    private final Map<String, CachedCheck> verified = new ConcurrentHashMap<>();

    public DeviceAuthenticator(CredentialStore store) {
        this.store = store;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, HMAC);
        store.onRevoked(verified::remove);
    }

    public AuthResult authenticate(String username, byte[] password) {
        if (username == null || username.isEmpty() || password == null || password.length == 0) {
            return new AuthResult.Refused("no credentials");
        }
        Optional<DeviceCredential> found = store.find(username);
        Optional<AuthResult> notEnrolled = notActive(found);
        if (notEnrolled.isPresent()) {
            return notEnrolled.get();
        }
        DeviceCredential credential = found.get();
        byte[] fingerprint = fingerprint(password);
        CachedCheck cached = verified.get(username);
        if (cached != null && cached.matches(credential.secretHash(), fingerprint)) {
            return new AuthResult.Authenticated(username);
        }
        if (!slowCheck(username, credential.secretHash(), password)) {
            return new AuthResult.Refused("wrong secret");
        }
        verified.put(username, new CachedCheck(credential.secretHash(), fingerprint));
        return new AuthResult.Authenticated(username);
    }

    /**
     * A printer that showed a TLS client certificate the listener verified, whose subject names
     * {@code certifiedSerial}. The certificate stands for the secret, not for the enrollment: the serial must
     * still hold an active credential, so a revoked printer stays out. A CONNECT that names another serial
     * is refused like a wrong secret: one printer's certificate never speaks for another.
     */
    public AuthResult authenticateCertificate(String certifiedSerial, String username) {
        if (username != null && !username.isEmpty() && !username.equals(certifiedSerial)) {
            return new AuthResult.Refused("certificate of " + certifiedSerial + " used for another serial");
        }
        return notActive(store.find(certifiedSerial)).orElseGet(() -> new AuthResult.Authenticated(certifiedSerial));
    }

    /** Why a serial may not connect whatever it proves, or empty when its credential is active. */
    private Optional<AuthResult> notActive(Optional<DeviceCredential> found) {
        if (found.isEmpty()) {
            return Optional.of(store.caughtUp() ? new AuthResult.Refused("unknown serial") : new AuthResult.Unavailable());
        }
        CredentialStatus status = found.get().status();
        return status == CredentialStatus.ACTIVE ? Optional.empty()
                : Optional.of(new AuthResult.Refused("credential " + status));
    }

    private static boolean slowCheck(String serial, String hash, byte[] password) {
        String secret = new String(password, StandardCharsets.UTF_8);
        try {
            if (hash.startsWith("$argon2")) {
                return Password.check(secret, hash).with(Argon2Function.getInstanceFromHash(hash));
            }
            if (hash.startsWith("$2")) {
                return Password.check(secret, hash).withBcrypt();
            }
            log.warn("Unsupported secret hash format [serial={}]", serial);
            return false;
        } catch (RuntimeException e) {
            log.warn("Unreadable secret hash [serial={}]", serial, e);
            return false;
        }
    }

    private byte[] fingerprint(byte[] password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(cacheKey);
            return mac.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private record CachedCheck(String secretHash, byte[] fingerprint) {
        boolean matches(String currentHash, byte[] candidate) {
            return secretHash.equals(currentHash) && MessageDigest.isEqual(fingerprint, candidate);
        }
    }
}
