package io.inkflow.stack.chaos;

import io.inkflow.dispatcher.DispatcherMain;
import io.inkflow.gateway.GatewayMain;
import io.inkflow.streams.StreamsMain;

/** The three InkFlow services the chaos harness runs as processes of their own. */
public enum Service {
    GATEWAY(GatewayMain.class.getName()),
    STREAMS(StreamsMain.class.getName()),
    DISPATCHER(DispatcherMain.class.getName());

    private final String mainClass;

    Service(String mainClass) {
        this.mainClass = mainClass;
    }

    public String mainClass() {
        return mainClass;
    }

    /** Lower-case name for log files and printed figures. */
    public String label() {
        return name().toLowerCase();
    }
}
