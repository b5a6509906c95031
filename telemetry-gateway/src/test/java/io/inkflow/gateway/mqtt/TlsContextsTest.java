package io.inkflow.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.gateway.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
    @TempDir
    Path dir;

    @Test
    void generatesASelfSignedServerContextWhenAsked() {
        var context = TlsContexts.server(new GatewayConfig.TlsSettings(true, 0, null, null, true, null));
        assertThat(context.isServer()).isTrue();
    }

    @Test
    void unreadablePemFilesFailNamingTheVariables() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        assertThatThrownBy(() -> TlsContexts.server(new GatewayConfig.TlsSettings(true, 0, cert, key, false, null)))
                .hasMessageContaining("GATEWAY_TLS_CERT_FILE");
    }
}
