package io.inkflow.simulator;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.run.FleetEngine;

/** Starts a provisioned fleet against a gateway; in-process, never exits the JVM. */
public final class FleetRunner {
    private FleetRunner() {
    }

    public static RunningFleet start(Fleet fleet, RunOptions options) {
        return start(fleet, options, ModelCatalog.bundled());
    }

    public static RunningFleet start(Fleet fleet, RunOptions options, ModelCatalog catalog) {
        return new RunningFleet(FleetEngine.start(fleet, options, catalog));
    }
}
