package io.inkflow.dispatcher.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed one-click unsubscribe links ({@code List-Unsubscribe}, RFC 8058). The token names the account and
 * what it stops (an optional kind, or {@link EmailPreferences#ALL_OPTIONAL}) and carries an HMAC-SHA256 of
 * both under a secret only the dispatchers know, so a link cannot be forged for another account. Links do
 * not expire: an old mail's link must still work.
 */
public final class UnsubscribeLinks {
    public static final String PATH = "/email/unsubscribe";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final String base;
    private final SecretKeySpec key;

    /** @param publicBaseUrl where the dispatcher's HTTP API is reached from the internet */
    public UnsubscribeLinks(URI publicBaseUrl, String secret) {
        String url = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl").toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.key = new SecretKeySpec(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8),
                ALGORITHM);
    }

    /** What a verified token allows: opting this account out of this scope. */
    public record Claim(String accountId, String scope) {
    }

    /** The link that stops this optional kind for this account. */
    public URI link(String accountId, NotificationKind kind) {
        if (!kind.optional()) {
            throw new IllegalArgumentException(kind + " is a service mail; it has no unsubscribe link");
        }
        return URI.create(base + PATH + "?token=" + token(accountId, kind.name()));
    }

    String token(String accountId, String scope) {
        String payload = encode(accountId) + "." + encode(scope);
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The claim of a well-formed token with a valid signature; empty otherwise. */
    public Optional<Claim> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] given = DECODER.decode(parts[2]);
            if (!MessageDigest.isEqual(given, mac(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            return Optional.of(new Claim(decode(parts[0]), decode(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String encode(String value) {
        return ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return new String(DECODER.decode(value), StandardCharsets.UTF_8);
    }
}
