package io.inkflow.simulator.cli;

import io.inkflow.simulator.fleet.FleetOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the simulated printers behave, shared by the commands that generate reports (run, record, trace). */
final class FleetModelOptions {
    @Option(names = "--sample", defaultValue = "15m", converter = DurationConverter.class,
            description = "Simulated time between a printer's level checks (default ${DEFAULT-VALUE}).")
    Duration sample;

    @Option(names = "--heartbeat", defaultValue = "6h", converter = DurationConverter.class,
            description = "Simulated time after which a printer reports without a change (default ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--replacement-delay", defaultValue = "2d", converter = DurationConverter.class,
            description = "Simulated time from a low report to the new cartridge (default ${DEFAULT-VALUE}).")
    Duration replacementDelay;

    @Option(names = "--usage", defaultValue = "1.0", description = "Multiplies pages per day (default ${DEFAULT-VALUE}).")
    double usage;

    @Option(names = "--offline-per-day", defaultValue = "0.05", description = "Chance per printer and day of an offline period (default ${DEFAULT-VALUE}).")
    double offlinePerDay;

    @Option(names = "--reboots-per-day", defaultValue = "0.05", description = "Reboots per printer and day (default ${DEFAULT-VALUE}).")
    double rebootsPerDay;

    /** The fleet model: usage, offline periods, reboots and replacements; no non-genuine cartridges. */
    FleetOptions fleet() {
        return new FleetOptions(usage, 10, offlinePerDay, rebootsPerDay, replacementDelay, 0.0);
    }
}
