package io.inkflow.gateway.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The serial a printer's TLS client certificate names. The TLS layer has already verified the certificate
 * against the configured authorities, so its subject's common name is an identity, as AWS IoT treats a
 * registered device certificate.
 */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The subject CN of the verified client certificate on this channel; empty without TLS or certificate. */
    static Optional<String> certifiedSerial(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? commonName(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            // LdapName lists the RDNs least specific first: the printer's own CN is the last one.
            return subject.getRdns().reversed().stream().filter(rdn -> "CN".equalsIgnoreCase(rdn.getType()))
                    .map(Rdn::getValue).map(String::valueOf).filter(cn -> !cn.isBlank()).findFirst();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
