package io.inkflow.stack.chaos;

import io.inkflow.simulator.stats.RunStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run did and whether the oracle held.
 *
 * @param started  when the run began
 * @param config   its parameters
 * @param faults   the faults as they happened
 * @param starts   processes started per service (first start included)
 * @param paymentFaults injected payment faults the dispatchers met
 * @param fleet    the simulated fleet's final statistics
 * @param checks   the oracle checks (a) to (e)
 * @param elapsed  wall time of the whole run, start-up and checks included
 */
public record ChaosReport(Instant started, ChaosConfig config, List<FaultInjector.Injected> faults,
                          Map<Service, Integer> starts, int postgresRestarts, PaymentFaultCount paymentFaults,
                          RunStats fleet,
                          List<CheckResult> checks, Duration elapsed) {
    public ChaosReport {
        faults = List.copyOf(faults);
        starts = Map.copyOf(starts);
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed)
                && faults.stream().allMatch(f -> f.error() == null)
                && faults.size() == config.faultCount();
    }

    public String describe() {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append(String.format("Chaos run %s: %d printers, %d simulated days in %ds (speed %.0f), faults in the "
                        + "first %ds, %d Kafka nodes, %d partitions, seed %d%n", started, config.printers(),
                config.simulatedDays(), config.duration().toSeconds(), config.speed(), config.faultWindow().toSeconds(),
                config.kafkaNodes(), config.partitions(), config.seed()));
        text.append(String.format("Fleet faults: dup %.2f, resend %.2f, reorder %.2f, storms %.1f/min; payment "
                        + "faults %.2f of calls (TIMEOUT in odd dispatcher processes, LOSE_RESPONSE in even ones)%n",
                config.dupRate(), config.resendRate(), config.reorderRate(), config.stormsPerMinute(),
                config.paymentFaultRate()));
        text.append("Faults injected:").append(nl);
        faults.forEach(f -> text.append("  ").append(f.describe()).append(nl));
        text.append(String.format("Processes started: gateway %d, streams %d, dispatcher %d; PostgreSQL restarts %d%n",
                starts.getOrDefault(Service.GATEWAY, 0), starts.getOrDefault(Service.STREAMS, 0),
                starts.getOrDefault(Service.DISPATCHER, 0), postgresRestarts));
        text.append(String.format("Payment faults met by the dispatchers (from their logs): %,d timeouts, %,d lost "
                + "responses%n", paymentFaults.timeouts(), paymentFaults.lostResponses()));
        if (fleet != null) {
            text.append(String.format("Fleet: reports generated %,d, acknowledged %,d, unacknowledged %,d, publishes %,d, "
                            + "PUBACK p50 %.1f ms p99 %.1f ms, fleet errors %s, fleet faults %s, cartridges replaced %,d%n",
                    fleet.reportsGenerated(), fleet.reportsAcked(), fleet.pendingReports(), fleet.publishes(),
                    fleet.puback().p50Millis(), fleet.puback().p99Millis(), fleet.errorsByKind(),
                    fleet.faultsInjected(), fleet.cartridgesReplaced()));
        }
        text.append("Checks:").append(nl);
        checks.forEach(c -> text.append("  ").append(c.describe()));
        text.append(String.format("Result: %s in %ds%n", passed() ? "PASSED" : "FAILED", elapsed.toSeconds()));
        return text.toString();
    }
}
