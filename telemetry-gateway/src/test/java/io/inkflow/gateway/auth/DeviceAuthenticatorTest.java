package io.inkflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.gateway.testing.Credentials;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceAuthenticatorTest {
    private static final String SERIAL = "AUTH-0001";
    private static final String SECRET = "correct horse";

    private final CredentialStore store = new CredentialStore();
    private final DeviceAuthenticator authenticator = new DeviceAuthenticator(store);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answersUnavailableUntilCredentialsAreLoaded() {
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isInstanceOf(AuthResult.Unavailable.class);
        store.markCaughtUp();
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isInstanceOf(AuthResult.Refused.class);
    }

    @Test
    void acceptsTheRightSecretAndRefusesAWrongOne() {
        store.apply(SERIAL, Credentials.active(SERIAL, SECRET));
        store.markCaughtUp();
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isEqualTo(new AuthResult.Authenticated(SERIAL));
        // The second check is served from the cache and must still refuse a different secret.
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isEqualTo(new AuthResult.Authenticated(SERIAL));
        assertThat(authenticator.authenticate(SERIAL, bytes("wrong"))).isInstanceOf(AuthResult.Refused.class);
        assertThat(authenticator.authenticate(SERIAL, new byte[0])).isInstanceOf(AuthResult.Refused.class);
    }

    @Test
    void refusesARevokedDeviceEvenAfterACachedSuccess() {
        DeviceCredential active = Credentials.active(SERIAL, SECRET);
        store.apply(SERIAL, active);
        store.markCaughtUp();
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isInstanceOf(AuthResult.Authenticated.class);
        store.apply(SERIAL, new DeviceCredential(SERIAL, active.secretHash(), CredentialStatus.REVOKED, Instant.now()));
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isInstanceOf(AuthResult.Refused.class);
    }

    @Test
    void aNewSecretReplacesTheCachedOne() {
        store.apply(SERIAL, Credentials.active(SERIAL, SECRET));
        store.markCaughtUp();
        authenticator.authenticate(SERIAL, bytes(SECRET));
        store.apply(SERIAL, Credentials.active(SERIAL, "rotated"));
        assertThat(authenticator.authenticate(SERIAL, bytes(SECRET))).isInstanceOf(AuthResult.Refused.class);
        assertThat(authenticator.authenticate(SERIAL, bytes("rotated"))).isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void tellsListenersWhenADeviceLosesAccess() {
        List<String> revoked = new ArrayList<>();
        store.onRevoked(revoked::add);
        DeviceCredential active = Credentials.active(SERIAL, SECRET);
        store.apply(SERIAL, active);
        store.apply("OTHER-1", Credentials.active("OTHER-1", SECRET));
        store.apply(SERIAL, new DeviceCredential(SERIAL, active.secretHash(), CredentialStatus.REVOKED, Instant.now()));
        store.apply("OTHER-1", null);
        assertThat(revoked).containsExactly(SERIAL, "OTHER-1");
    }

    @Test
    void refusesAnUnreadableHash() {
        store.apply(SERIAL, new DeviceCredential(SERIAL, "plain", CredentialStatus.ACTIVE, Instant.now()));
        store.markCaughtUp();
        assertThat(authenticator.authenticate(SERIAL, bytes("plain"))).isInstanceOf(AuthResult.Refused.class);
    }

    @Test
    void aCertificateStandsForTheSecretOfTheSerialItNames() {
        store.apply(SERIAL, Credentials.active(SERIAL, SECRET));
        store.markCaughtUp();
        assertThat(authenticator.authenticateCertificate(SERIAL, null)).isEqualTo(new AuthResult.Authenticated(SERIAL));
        assertThat(authenticator.authenticateCertificate(SERIAL, "")).isEqualTo(new AuthResult.Authenticated(SERIAL));
        assertThat(authenticator.authenticateCertificate(SERIAL, SERIAL)).isEqualTo(new AuthResult.Authenticated(SERIAL));
    }

    @Test
    void aCertificateNeverSpeaksForAnotherSerial() {
        store.apply(SERIAL, Credentials.active(SERIAL, SECRET));
        store.apply("OTHER-1", Credentials.active("OTHER-1", SECRET));
        store.markCaughtUp();
        assertThat(authenticator.authenticateCertificate("OTHER-1", SERIAL)).isInstanceOf(AuthResult.Refused.class);
    }

    @Test
    void aCertificateDoesNotLetARevokedOrUnknownPrinterIn() {
        DeviceCredential active = Credentials.active(SERIAL, SECRET);
        assertThat(authenticator.authenticateCertificate(SERIAL, null)).isInstanceOf(AuthResult.Unavailable.class);
        store.markCaughtUp();
        assertThat(authenticator.authenticateCertificate(SERIAL, null)).isInstanceOf(AuthResult.Refused.class);
        store.apply(SERIAL, new DeviceCredential(SERIAL, active.secretHash(), CredentialStatus.REVOKED, Instant.now()));
        assertThat(authenticator.authenticateCertificate(SERIAL, null)).isInstanceOf(AuthResult.Refused.class);
    }
}
