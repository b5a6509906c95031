package io.inkflow.simulator.mqtt;

/** Creates printer links of the configured MQTT version and client on the threads they share. */
public final class LinkFactory {
    private final MqttSettings settings;
    private final PahoExecutor executor;
    private final NettyLoops loops;

    /** Paho links, of the settings' MQTT version, on one shared executor. */
    public LinkFactory(MqttSettings settings, PahoExecutor executor) {
        this(settings, executor, null);
    }

    private LinkFactory(MqttSettings settings, PahoExecutor executor, NettyLoops loops) {
        this.settings = settings;
        this.executor = executor;
        this.loops = loops;
    }

    /**
     * Netty links on one shared event loop: MQTT 3.1.1 over plain TCP only.
     *
     * @throws IllegalArgumentException for settings they cannot serve (MQTT 5, TLS, a socket factory)
     */
    public static LinkFactory netty(MqttSettings settings, NettyLoops loops) {
        if (settings.version() != MqttVersion.V3_1_1 || settings.tls() || settings.socketFactory().isPresent()) {
            throw new IllegalArgumentException("The netty MQTT client speaks MQTT 3.1.1 over plain TCP only; "
                    + "use the paho client for MQTT 5, TLS or a bound local address (asked: " + settings.serverUri()
                    + ", MQTT " + settings.version() + ")");
        }
        return new LinkFactory(settings, null, loops);
    }

    public PrinterLink create(String clientId) {
        if (loops != null) {
            return new NettyV3Link(settings, clientId, loops);
        }
        return switch (settings.version()) {
            case V3_1_1 -> PahoV3Link.create(settings, clientId, executor);
            case V5 -> PahoV5Link.create(settings, clientId, executor);
        };
    }

    public MqttSettings settings() {
        return settings;
    }
}
