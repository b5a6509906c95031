package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.GatewayConfig;
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
        try {
            if (tls.certFile() != null && tls.keyFile() != null) {
                return SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile())
                        .protocols("TLSv1.3", "TLSv1.2").build();
            }
            // Netty writes the pair as PEM files (BouncyCastle does the signing) and deletes them on exit.
            SelfSignedCertificate generated = new SelfSignedCertificate("localhost");
            File cert = generated.certificate();
            log.warn("TLS uses a generated self-signed certificate; clients cannot verify it [cert={}]", cert);
            return SslContextBuilder.forServer(cert, generated.privateKey()).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException | CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot build TLS context from GATEWAY_TLS_CERT_FILE/GATEWAY_TLS_KEY_FILE: "
                    + e.getMessage(), e);
        }
    }
}
