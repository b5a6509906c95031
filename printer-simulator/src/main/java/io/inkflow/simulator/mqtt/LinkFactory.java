package io.inkflow.simulator.mqtt;

/** Creates printer links of the configured MQTT version on one shared executor. */
public final class LinkFactory {
    private final MqttSettings settings;
    private final PahoExecutor executor;

    public LinkFactory(MqttSettings settings, PahoExecutor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    public PrinterLink create(String clientId) {
        return switch (settings.version()) {
            case V3_1_1 -> PahoV3Link.create(settings, clientId, executor);
            case V5 -> PahoV5Link.create(settings, clientId, executor);
        };
    }

    public MqttSettings settings() {
        return settings;
    }
}
