package io.inkflow.simulator.stats;

import io.inkflow.simulator.fault.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a running or finished fleet.
 *
 * @param printers          printers in the fleet
 * @param connected         printers connected right now
 * @param reportsGenerated  distinct reports (each with its own sequence) the fleet generated
 * @param publishes         PUBLISH packets sent, including resends, duplicates and fault payloads
 * @param reportsAcked      distinct reports acknowledged by the gateway
 * @param pendingReports    reports generated but not yet acknowledged
 * @param errors            total of {@code errorsByKind}
 * @param errorsByKind      failures by kind
 * @param faultsInjected    faults injected by kind
 * @param puback            PUBACK latency over the whole run
 * @param simulatedNow      the simulated date
 * @param realElapsed       real time since start
 * @param expectedOrders    orders the oracle expects so far
 * @param cartridgesReplaced cartridges swapped after running low (closes the loop)
 */
public record RunStats(int printers, int connected, long reportsGenerated, long publishes, long reportsAcked,
                       long pendingReports, long errors, Map<ErrorKind, Long> errorsByKind,
                       Map<FaultKind, Long> faultsInjected, Percentiles puback, Instant simulatedNow,
                       Duration realElapsed, int expectedOrders, long cartridgesReplaced) {
    public RunStats {
        errorsByKind = Map.copyOf(errorsByKind);
        faultsInjected = Map.copyOf(faultsInjected);
    }

    public double reportsPerSecond() {
        double seconds = realElapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : reportsAcked / seconds;
    }
}
