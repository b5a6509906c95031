package io.inkflow.simulator;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPlan;
import io.inkflow.simulator.fleet.FleetPrinter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fleets without a dispatcher: enrollment ids and secrets made up, deterministic. */
public final class TestFleets {
    private TestFleets() {
    }

    public static Fleet fleet(long seed, int printers) {
        List<FleetPlan.PlannedPrinter> plan = FleetPlan.plan(ModelCatalog.bundled(), seed, printers, "T" + seed,
                Map.of(), 0.2);
        List<FleetPrinter> all = plan.stream().map(p -> new FleetPrinter(p.serial(), p.model(), p.channel(),
                "acct-" + p.index(), "token-" + p.index(), "enr-" + p.serial(), "secret-" + p.serial())).toList();
        return new Fleet(seed, "http://127.0.0.1:1", Instant.parse("2026-01-01T00:00:00Z"), all);
    }

    public static Map<String, String> secrets(Fleet fleet) {
        return fleet.printers().stream().collect(java.util.stream.Collectors.toMap(FleetPrinter::serial,
                FleetPrinter::deviceSecret));
    }

    static Channel canon() {
        return Channel.CANON;
    }
}
