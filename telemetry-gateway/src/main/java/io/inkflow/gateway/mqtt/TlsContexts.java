package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.GatewayConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.File;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server side TLS context, from PEM files or, for the local stack only, a generated self-signed pair. */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    public static SslContext server(GatewayConfig.TlsSettings tls) {
        SslContextBuilder builder = serverIdentity(tls).protocols("TLSv1.3", "TLSv1.2");
        if (tls.clientCaFile() != null) {
            // Asked for, not required: printers without a certificate still sign in with their secret. A
            // certificate that is offered must chain to one of these authorities, or the handshake fails.
            try {
                builder.trustManager(tls.clientCaFile().toFile()).clientAuth(ClientAuth.OPTIONAL);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Cannot read GATEWAY_TLS_CLIENT_CA_FILE: " + e.getMessage(), e);
            }
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            String files = tls.clientCaFile() == null ? "GATEWAY_TLS_CERT_FILE/GATEWAY_TLS_KEY_FILE"
                    : "GATEWAY_TLS_CERT_FILE/GATEWAY_TLS_KEY_FILE/GATEWAY_TLS_CLIENT_CA_FILE";
            throw new IllegalArgumentException("Cannot build TLS context from " + files + ": " + e.getMessage(), e);
        }
    }

    private static SslContextBuilder serverIdentity(GatewayConfig.TlsSettings tls) {
        try {
            if (tls.certFile() != null && tls.keyFile() != null) {
                return SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile());
            }
            // Netty writes the pair as PEM files (BouncyCastle does the signing) and deletes them on exit.
            SelfSignedCertificate generated = new SelfSignedCertificate("localhost");
            File cert = generated.certificate();
            log.warn("TLS uses a generated self-signed certificate; clients cannot verify it [cert={}]", cert);
            return SslContextBuilder.forServer(cert, generated.privateKey());
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot build TLS context from GATEWAY_TLS_CERT_FILE/GATEWAY_TLS_KEY_FILE: "
                    + e.getMessage(), e);
        }
    }
}
