package io.inkflow.streams.topology;

import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.time.Clock;
import java.util.Map;

/**
 * Kafka Streams instantiates exception handlers by class name; their collaborators travel in the
 * streams configuration under these keys.
 */
public final class HandlerSupport {
    public static final String METRICS_CONFIG = "inkflow.streams.metrics";
    public static final String CLOCK_CONFIG = "inkflow.streams.clock";

    private HandlerSupport() {
    }

    static ReplenishmentMetrics metrics(Map<String, ?> configs) {
        return configs.get(METRICS_CONFIG) instanceof ReplenishmentMetrics m ? m : ReplenishmentMetrics.discarding();
    }

    static Clock clock(Map<String, ?> configs) {
        return configs.get(CLOCK_CONFIG) instanceof Clock c ? c : Clock.systemUTC();
    }
}
