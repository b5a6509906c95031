package io.inkflow.gateway;

/** Runs the gateway as its own process, configured by environment variables (see README). */
public final class GatewayMain {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private GatewayMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            // Before the first logger exists; an operator's own file still wins.
            System.setProperty(LOGBACK_CONFIG, "io/inkflow/gateway/logback-gateway.xml");
        }
        TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gateway-shutdown").unstarted(gateway::close));
    }
}
