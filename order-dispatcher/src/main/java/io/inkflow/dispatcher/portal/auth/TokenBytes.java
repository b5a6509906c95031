package io.inkflow.dispatcher.portal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens (256 bits, URL-safe Base64) and the SHA-256 under which the database keeps them. */
public final class TokenBytes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenBytes() {
    }

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Equal-time comparison of two tokens (a form's CSRF token against the session's). */
    public static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(sha256(a), sha256(b));
    }
}
