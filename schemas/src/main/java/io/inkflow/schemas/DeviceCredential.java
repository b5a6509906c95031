package io.inkflow.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * A printer's MQTT credential as the gateway needs it, on the compacted topic {@link Topics#CREDENTIALS}
 * keyed by serial. The device secret itself never leaves the dispatcher: only its salted slow hash
 * (a PHC string, for example {@code $argon2id$...} or {@code $2b$...}) travels.
 */
public record DeviceCredential(String serial, String secretHash, CredentialStatus status, Instant updatedAt) {
    public DeviceCredential {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
