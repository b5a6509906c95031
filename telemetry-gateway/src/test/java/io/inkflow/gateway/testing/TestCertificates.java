package io.inkflow.gateway.testing;

import io.inkflow.testkit.TestAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority of its own (the testkit's {@link TestAuthority}), as a printer maker's provisioning
 * line would run, that issues printer certificates whose subject CN is the serial.
 */
public final class TestCertificates {
    private final TestAuthority authority;

    private TestCertificates(TestAuthority authority) {
        this.authority = authority;
    }

    public static TestCertificates authority(String name) {
        return new TestCertificates(TestAuthority.create(name));
    }

    /** Writes the authority's certificate as PEM, the form GATEWAY_TLS_CLIENT_CA_FILE takes. */
    public Path writeCertificate(Path file) {
        return authority.writeCertificate(file);
    }

    /**
     * A client TLS context holding a certificate for {@code serial} issued by this authority, that trusts
     * {@code server} (the gateway's certificate).
     */
    public SSLContext printerContext(String serial, X509Certificate server) {
        TestAuthority.Issued printer = authority.issue("CN=" + serial + ", O=Canon printers");
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("printer", printer.key(), new char[0],
                    new X509Certificate[] {printer.certificate(), authority.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers(server), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the printer's TLS context", e);
        }
    }

    /** A client TLS context without a certificate that trusts exactly the gateway's, as a provisioned printer. */
    public static SSLContext trusting(X509Certificate server) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(server), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a TLS context trusting " + server.getSubjectX500Principal(), e);
        }
    }

    private static TrustManager[] trustManagers(X509Certificate server) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("gateway", server);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory.getTrustManagers();
    }
}
