package io.inkflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test. It issues a server certificate for this machine's loopback
 * (SAN {@code IP:127.0.0.1} and {@code DNS:localhost}, so hostname verification stays on) and writes it and
 * its own certificate as PEM files, the form Kafka brokers and InkFlow's {@code KAFKA_SSL_*} variables take;
 * and client certificates, such as a printer's.
 *
 * <p>Needs BouncyCastle ({@code bcpkix-jdk18on}) at test scope in the module that calls it.
 */
public final class TestAuthority {
    private static final AtomicLong SERIAL_NUMBERS = new AtomicLong(1);

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A self-signed authority named {@code name}. */
    public static TestAuthority create(String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name + ", O=InkFlow tests");
        X509v3CertificateBuilder builder = builder(subject, subject, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestAuthority(keys, sign(builder, keys));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes this authority's certificate as PEM: a truststore for whoever must trust what it issues. */
    public Path writeCertificate(Path file) {
        return write(file, pem("CERTIFICATE", encoded(certificate)));
    }

    /** A key and the certificate this authority issued for it. */
    public record Issued(PrivateKey key, X509Certificate certificate) {
    }

    /** Issues a client certificate for {@code subject}, a distinguished name such as {@code CN=serial, O=maker}. */
    public Issued issue(String subject) {
        return issue(subject, null, KeyPurposeId.id_kp_clientAuth);
    }

    /**
     * Issues a certificate for 127.0.0.1 and localhost (server and client use, so a broker can present it on
     * both ends of its own inter-broker connection) and writes a PEM keystore: the unencrypted PKCS#8 key, then
     * the chain, this certificate first and the authority's last.
     */
    public Path writeLoopbackKeystore(Path file, String commonName) {
        GeneralNames loopback = new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")});
        Issued server = issue("CN=" + commonName + ", O=InkFlow tests", loopback, KeyPurposeId.id_kp_serverAuth,
                KeyPurposeId.id_kp_clientAuth);
        return write(file, pem("PRIVATE KEY", server.key().getEncoded()) + pem("CERTIFICATE",
                encoded(server.certificate())) + pem("CERTIFICATE", encoded(certificate)));
    }

    private Issued issue(String subject, GeneralNames alternativeNames, KeyPurposeId... purposes) {
        KeyPair leafKeys = keyPair();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(
                certificate.getSubjectX500Principal().getEncoded()), new X500Name(subject), leafKeys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(leafKeys.getPrivate(), sign(builder, keys));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL_NUMBERS.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign a test certificate", e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
