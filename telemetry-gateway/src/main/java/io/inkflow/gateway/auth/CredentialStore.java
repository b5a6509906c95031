package io.inkflow.gateway.auth;

import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every device credential in memory, fed from the compacted credentials topic, so CONNECT never
 * waits on a database. Listeners hear about serials that lost their right to connect (revoked or
 * deleted), to close live connections.
 */
public final class CredentialStore {
    private final Map<String, DeviceCredential> credentials = new ConcurrentHashMap<>();
    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
    private volatile boolean caughtUp;

    public Optional<DeviceCredential> find(String serial) {
        return Optional.ofNullable(credentials.get(serial));
    }

    /** Applies one record of the topic; {@code credential} null is a tombstone. */
    public void apply(String serial, DeviceCredential credential) {
        DeviceCredential previous = credential == null ? credentials.remove(serial) : credentials.put(serial, credential);
        boolean revoked = credential == null || credential.status() == CredentialStatus.REVOKED;
        boolean wasActive = previous != null && previous.status() == CredentialStatus.ACTIVE;
        boolean secretChanged = previous != null && credential != null
                && !previous.secretHash().equals(credential.secretHash());
        if ((revoked && wasActive) || secretChanged) {
            revocationListeners.forEach(listener -> listener.accept(serial));
        }
    }

    public void onRevoked(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    /** Marks that the store holds every credential that existed when the gateway started. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public int size() {
        return credentials.size();
    }
}
