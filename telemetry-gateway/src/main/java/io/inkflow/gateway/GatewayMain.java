package io.inkflow.gateway;

import io.inkflow.schemas.logging.ProcessLogs;

/** Runs the gateway as its own process, configured by environment variables (see README). */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) {
        ProcessLogs.init("io/inkflow/gateway/logback-gateway.xml");
        TelemetryGateway gateway = TelemetryGateway.start(GatewayConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gateway-shutdown").unstarted(gateway::close));
    }
}
