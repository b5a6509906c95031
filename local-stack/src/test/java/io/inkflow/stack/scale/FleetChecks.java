package io.inkflow.stack.scale;

import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.api.DispatcherClient;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OrderVerifier;
import io.inkflow.simulator.oracle.VerificationResult;
import io.inkflow.stack.chaos.ChaosRun;
import io.inkflow.stack.chaos.CheckResult;
import io.inkflow.stack.chaos.FinalStateAudit;
import io.inkflow.stack.chaos.LedgerAudit;
import io.inkflow.stack.chaos.OrderAudit;
import io.inkflow.stack.chaos.OrderRow;
import io.inkflow.stack.chaos.ReportId;
import io.inkflow.stack.chaos.SystemReader;
import io.inkflow.stack.chaos.TelemetryAudit;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The chaos run's checks (a) to (d) (see docs/chaos.md) for fleets a test ran itself, judged against the
 * systems of record once the fleets have finished and closed.
 */
final class FleetChecks {
    private FleetChecks() {
    }

    /** What was judged and how it went. */
    record Outcome(List<CheckResult> checks, int expectedOrders, long reportsAcked) {
        boolean passed() {
            return checks.stream().allMatch(CheckResult::passed);
        }

        String describe() {
            StringBuilder report = new StringBuilder();
            checks.forEach(c -> report.append(c.describe()));
            return report.toString();
        }
    }

    /**
     * A fleet that lives {@code simDays} in {@code realTime} on one MQTT address, with duplicate publishes,
     * reorders and a reconnect storm a minute, tracing every publish, and up to 3 minutes to drain.
     */
    static RunOptions runOptions(int mqttPort, Path trace, int simDays, Duration realTime) {
        return RunOptions.builder(MqttSettings.plain("127.0.0.1", mqttPort))
                .speed(simDays * 86_400.0 / realTime.toSeconds())
                .simDuration(Duration.ofDays(simDays))
                .faults(FaultRates.none().with(FaultKind.DUP_REDELIVERY, 0.05).with(FaultKind.REORDER, 0.05)
                        .with(FaultKind.RECONNECT_STORM, 1.0))
                .trace(trace)
                .drainTimeout(Duration.ofMinutes(3))
                .build();
    }

    /** The gateway refuses unknown serials: connect only once every credential is on its topic. */
    static void awaitCredentials(SystemReader reader, Set<String> serials) {
        await("device credentials on " + Topics.CREDENTIALS).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500)).until(() -> reader.keys(Topics.CREDENTIALS).containsAll(serials));
    }

    /**
     * @param fleets the closed fleets, with the trace each wrote (same order)
     * @param settle how long the orders may take to reach the dispatcher and a final state
     */
    static Outcome judge(List<RunningFleet> fleets, List<Path> traces, SystemReader reader, URI api, String adminToken,
                         Set<String> serials, Duration settle) throws Exception {
        List<ExpectedOrder> expected = new ArrayList<>();
        List<ReportId> published = new ArrayList<>();
        long acked = 0;
        long pending = 0;
        for (int i = 0; i < fleets.size(); i++) {
            expected.addAll(fleets.get(i).expectedOrders());
            published.addAll(ChaosRun.publishedReports(traces.get(i)));
            acked += fleets.get(i).stats().reportsAcked();
            pending += fleets.get(i).stats().pendingReports();
        }
        SystemReader.TopicReports telemetry = reader.telemetry();
        List<CheckResult> checks = new ArrayList<>();
        checks.add(TelemetryAudit.check(published, acked, pending, telemetry.reports(), telemetry.records()));
        OrderVerifier verifier = new OrderVerifier(DispatcherClient.create(api, adminToken), Clock.systemUTC());
        VerificationResult orders = verifier.verifyEventually(expected, serials, settle, Duration.ofSeconds(5));
        checks.add(OrderAudit.check(orders, verifier.fetch(serials).size()));
        List<OrderRow> rows = awaitFinal(reader, settle);
        checks.add(LedgerAudit.check(rows, reader.payments(), reader.shipments(), ModelCatalog.bundled()));
        checks.add(FinalStateAudit.check(rows));
        return new Outcome(checks, expected.size(), acked);
    }

    /** The orders once all are final, or as they are when {@code atMost} is over (check (d) then says which). */
    private static List<OrderRow> awaitFinal(SystemReader reader, Duration atMost) {
        AtomicReference<List<OrderRow>> rows = new AtomicReference<>(List.of());
        try {
            await("every order final").atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
                rows.set(reader.orders());
                return FinalStateAudit.settled(rows.get());
            });
        } catch (ConditionTimeoutException e) {
            // judged below as it stands
        }
        return rows.get();
    }
}
