package io.inkflow.simulator.mqtt;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How printers reach the gateway.
 *
 * @param serverUri             {@code tcp://host:port} or {@code ssl://host:port}
 * @param version               3.1.1 (default) or 5
 * @param keepAliveSeconds      MQTT keep-alive (real seconds)
 * @param connectTimeoutSeconds how long a CONNECT may take
 * @param tls                   socket factory for {@code ssl://}; empty uses the JVM default
 * @param verifyHostname        whether TLS checks the server name (off for local self-signed certificates)
 */
public record MqttSettings(String serverUri, MqttVersion version, int keepAliveSeconds, int connectTimeoutSeconds,
                           Optional<SSLSocketFactory> tls, boolean verifyHostname) {
    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tls, "tls");
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
        return new MqttSettings(serverUri, newVersion, keepAliveSeconds, connectTimeoutSeconds, tls, verifyHostname);
    }
}
