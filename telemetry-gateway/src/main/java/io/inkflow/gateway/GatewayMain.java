package io.inkflow.gateway;

/** Runs the gateway as its own process, configured by environment variables (see README). */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) {
        TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gateway-shutdown").unstarted(gateway::close));
    }
}
