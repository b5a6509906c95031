package io.inkflow.stack.chaos;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.api.DispatcherClient;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OrderVerifier;
import io.inkflow.simulator.oracle.VerificationResult;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceReader;
import io.inkflow.simulator.stats.RunStats;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One chaos run: start the stack, enroll and run a fleet with faults on while the fault plan kills
 * and crashes the services, let the fleet drain, then judge the systems of record against the
 * simulator's oracle.
 */
public final class ChaosRun {
    private final ChaosConfig config;
    private final Consumer<String> progress;

    /** @param progress where progress lines go (the console of the command, or a test's log) */
    public ChaosRun(ChaosConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    public ChaosReport run() throws InterruptedException, SQLException {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        LocalDirs.clean(config.runDir());
        say("starting " + config.kafkaNodes() + " Kafka node processes, PostgreSQL, and the dispatcher, streams and gateway "
                + "processes in " + config.runDir().toAbsolutePath());
        try (ChaosStack stack = ChaosStack.start(config)) {
            say("stack up; enrolling " + config.printers() + " printers through the API");
            Fleet fleet = FleetProvisioner.provision(ProvisionOptions.of(URI.create(stack.apiBaseUrl()),
                    stack.adminToken(), config.printers(), config.seed()));
            Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
            SystemReader reader = new SystemReader(stack.bootstrapServers(), stack.postgres());
            // The gateway refuses unknown serials; connect only once every credential is on its topic.
            reader.awaitKeys(Topics.CREDENTIALS, serials, Duration.ofMinutes(2));

            Path trace = stack.runDir().resolve("fleet-trace.jsonl");
            List<FaultPlan.Event> plan = FaultPlan.spread(config.faultWindow(), config.faultKinds());
            say(String.format("fleet running: %d simulated days in %ds; %d faults planned", config.simulatedDays(),
                    config.duration().toSeconds(), plan.size()));
            RunStats stats;
            List<ExpectedOrder> expected;
            List<FaultInjector.Injected> injected;
            try (RunningFleet running = FleetRunner.start(fleet, runOptions(stack, trace))) {
                FaultInjector injector = FaultInjector.start(stack, plan);
                try {
                    if (!injector.await(config.duration().multipliedBy(3).plusMinutes(5))) {
                        say("the fault plan did not finish in time");
                    }
                } finally {
                    injector.stop();
                }
                injected = injector.injected();
                injected.forEach(f -> say(f.describe()));
                say("faults over; waiting for the fleet to finish and drain");
                if (!running.awaitCompletion(config.duration().plus(drainTimeout()).plusMinutes(1))) {
                    say("the fleet did not finish in time; closing it");
                }
                running.close();
                stats = running.stats();
                expected = running.expectedOrders();
            }
            say(String.format("fleet closed: %,d reports acknowledged, %,d unacknowledged, %d orders expected",
                    stats.reportsAcked(), stats.pendingReports(), expected.size()));

            List<CheckResult> checks = new ArrayList<>();
            SystemReader.TopicReports telemetry = reader.telemetry();
            checks.add(TelemetryAudit.check(publishedReports(trace), stats.reportsAcked(), stats.pendingReports(),
                    telemetry.reports(), telemetry.records()));
            checks.add(verifyOrders(stack, expected, serials));
            List<OrderRow> orders = awaitFinalStates(reader);
            checks.add(LedgerAudit.check(orders, reader.payments(), reader.shipments(), ModelCatalog.bundled()));
            checks.add(FinalStateAudit.check(orders));
            checks.add(OutageAudit.check(stack.outages(), config.kafkaOutages()));
            PaymentFaultCount paymentFaults = PaymentFaultCount.fromLogs(stack.runDir().resolve("logs"));
            return new ChaosReport(started, config, injected, stack.starts(), stack.postgres().restarts(),
                    paymentFaults, stats,
                    checks, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private RunOptions runOptions(ChaosStack stack, Path trace) {
        FaultRates faults = FaultRates.none()
                .with(FaultKind.DUP_REDELIVERY, config.dupRate())
                .with(FaultKind.RESEND, config.resendRate())
                .with(FaultKind.REORDER, config.reorderRate())
                .with(FaultKind.RECONNECT_STORM, config.stormsPerMinute());
        return RunOptions.builder(MqttSettings.plain("127.0.0.1", stack.mqttPort()))
                .speed(config.speed())
                .simDuration(Duration.ofDays(config.simulatedDays()))
                .faults(faults)
                .trace(trace)
                .drainTimeout(drainTimeout())
                .build();
    }

    /** Long enough for a gateway restarted near the end to come back and take the resends. */
    private Duration drainTimeout() {
        return Duration.ofMinutes(3);
    }

    private CheckResult verifyOrders(ChaosStack stack, List<ExpectedOrder> expected, Set<String> serials)
            throws InterruptedException {
        OrderVerifier verifier = new OrderVerifier(DispatcherClient.create(URI.create(stack.apiBaseUrl()),
                stack.adminToken()), Clock.systemUTC());
        VerificationResult result = verifier.verifyEventually(expected, serials, config.settleTimeout(),
                Duration.ofSeconds(5));
        int held = verifier.fetch(serials).size();
        return OrderAudit.check(result, held);
    }

    private List<OrderRow> awaitFinalStates(SystemReader reader) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + config.settleTimeout().toNanos();
        List<OrderRow> orders = reader.orders();
        while (!FinalStateAudit.settled(orders) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            orders = reader.orders();
        }
        return orders;
    }

    /** Distinct reports of the trace: every report the fleet published, however often. */
    public static List<ReportId> publishedReports(Path trace) {
        List<ReportId> ids = new ArrayList<>();
        for (TraceEntry entry : TraceReader.read(trace)) {
            if (entry.kind() == TraceEntry.Kind.REPORT) {
                ids.add(SystemReader.reportId(entry.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .orElseThrow(() -> new IllegalStateException("Unreadable report in the trace: " + entry.payload())));
            }
        }
        return ids;
    }

    private void say(String line) {
        progress.accept("[chaos] " + line);
    }
}
