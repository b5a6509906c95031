package io.inkflow.stack.chaos;

import io.inkflow.dispatcher.DispatcherMain;
import io.inkflow.gateway.GatewayMain;
import io.inkflow.streams.StreamsMain;

/** The three InkFlow services the chaos harness runs as processes of their own. */
public enum Service {
    GATEWAY(GatewayMain.class.getName(), "telemetry-gateway"),
    STREAMS(StreamsMain.class.getName(), "replenishment-streams"),
    DISPATCHER(DispatcherMain.class.getName(), "order-dispatcher");

    private final String mainClass;
    private final String module;

    Service(String mainClass, String module) {
        this.mainClass = mainClass;
        this.module = module;
    }

    /** The Maven module that builds the service and its runnable jar. */
    public String module() {
        return module;
    }

    public String mainClass() {
        return mainClass;
    }

    /** Lower-case name for log files and printed figures. */
    public String label() {
        return name().toLowerCase();
    }
}
