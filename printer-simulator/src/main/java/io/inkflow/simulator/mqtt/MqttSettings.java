package io.inkflow.simulator.mqtt;

import java.util.Objects;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * How printers reach the gateway.
 *
 * @param serverUri             {@code tcp://host:port} or {@code ssl://host:port}
 * @param version               3.1.1 (default) or 5
 * @param keepAliveSeconds      MQTT keep-alive (real seconds)
 * @param connectTimeoutSeconds how long a CONNECT may take
 * @param socketFactory         an {@code SSLSocketFactory} for {@code ssl://} (empty: the JVM default), or a
 *                              plain one for {@code tcp://} (for example bound to another local address)
 * @param verifyHostname        whether TLS checks the server name (off for local self-signed certificates)
 */
public record MqttSettings(String serverUri, MqttVersion version, int keepAliveSeconds, int connectTimeoutSeconds,
                           Optional<SocketFactory> socketFactory, boolean verifyHostname) {
    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(socketFactory, "socketFactory");
        if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
            throw new IllegalArgumentException("serverUri must start with tcp:// or ssl://, was " + serverUri);
        }
        if (keepAliveSeconds < 0 || connectTimeoutSeconds < 1) {
            throw new IllegalArgumentException("keepAliveSeconds >= 0 and connectTimeoutSeconds >= 1 required");
        }
    }

    public static MqttSettings plain(String host, int port) {
        return new MqttSettings("tcp://" + host + ':' + port, MqttVersion.V3_1_1, 60, 30, Optional.empty(), true);
    }

    public MqttSettings withVersion(MqttVersion newVersion) {
        return new MqttSettings(serverUri, newVersion, keepAliveSeconds, connectTimeoutSeconds, socketFactory,
                verifyHostname);
    }

    public MqttSettings withSocketFactory(SocketFactory factory) {
        return new MqttSettings(serverUri, version, keepAliveSeconds, connectTimeoutSeconds, Optional.of(factory),
                verifyHostname);
    }

    public boolean tls() {
        return serverUri.startsWith("ssl://");
    }

    /** The host part of the server URI. */
    public String host() {
        return java.net.URI.create(serverUri).getHost();
    }
}
