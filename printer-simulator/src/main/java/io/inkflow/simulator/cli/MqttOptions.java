package io.inkflow.simulator.cli;

import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.mqtt.MqttVersion;
import io.inkflow.simulator.mqtt.TlsContexts;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.SocketFactory;
import picocli.CommandLine.Option;

/** How printers reach the gateway; shared by run, record, replay and bench. */
public final class MqttOptions {
    @Option(names = "--mqtt", defaultValue = "${env:SIMULATOR_MQTT_URI:-tcp://127.0.0.1:1883}",
            description = "Gateway URI, tcp://host:port or ssl://host:port (env SIMULATOR_MQTT_URI; default ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--mqtt5", description = "Speak MQTT 5 instead of 3.1.1.")
    boolean mqtt5;

    @Option(names = "--tls-truststore", description = "Trust store (PKCS12/JKS) with the gateway's certificate, for ssl://.")
    Path trustStore;

    @Option(names = "--tls-truststore-password", defaultValue = "${env:SIMULATOR_TLS_TRUSTSTORE_PASSWORD:-}",
            description = "Trust store password (env SIMULATOR_TLS_TRUSTSTORE_PASSWORD).")
    String trustStorePassword;

    @Option(names = "--tls-insecure", description = "Trust any certificate and skip host name checks (local self-signed gateway only).")
    boolean insecure;

    @Option(names = "--keep-alive", defaultValue = "60", description = "MQTT keep-alive in seconds (default ${DEFAULT-VALUE}).")
    int keepAlive;

    public MqttSettings settings() {
        Optional<SocketFactory> factory = Optional.empty();
        if (insecure) {
            factory = Optional.of(TlsContexts.trustingAnything());
        } else if (trustStore != null) {
            factory = Optional.of(TlsContexts.trusting(trustStore, trustStorePassword.toCharArray()));
        }
        return new MqttSettings(uri, mqtt5 ? MqttVersion.V5 : MqttVersion.V3_1_1, keepAlive, 30, factory, !insecure);
    }
}
