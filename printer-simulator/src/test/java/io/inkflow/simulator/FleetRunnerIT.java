package io.inkflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OrderKey;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunStats;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceReader;
import io.inkflow.simulator.run.ReplayEngine;
import io.inkflow.simulator.testkit.MiniMqttAcceptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Paho clients against a minimal MQTT acceptor that plays gateway and streams: it feeds every
 * accepted report into its own {@link DepletionOracle}, as the streams application would. Whatever
 * faults the simulator injects, the system side must end up expecting exactly the orders the
 * simulator's oracle expects.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetRunnerIT {
    @TempDir
    Path dir;

    @Test
    void systemSideSeesExactlyTheExpectedDepletionsWithoutFaults() throws Exception {
        runAndCompare(FaultRates.none(), 0);
    }

    @Test
    void systemSideSeesExactlyTheExpectedDepletionsUnderFaults() throws Exception {
        FaultRates faults = FaultRates.none()
                .with(FaultKind.DUP_REDELIVERY, 0.1)
                .with(FaultKind.RESEND, 0.1)
                .with(FaultKind.REORDER, 0.2)
                .with(FaultKind.MALFORMED_PAYLOAD, 0.05)
                .with(FaultKind.WRONG_TOPIC, 0.02)
                .with(FaultKind.WRONG_CREDENTIAL, 0.02)
                .with(FaultKind.CLOCK_SKEW, 0.5)
                .with(FaultKind.NON_GENUINE, 0.2)
                .with(FaultKind.RECONNECT_STORM, 20);
        RunStats stats = runAndCompare(faults, 3);
        assertThat(stats.faultsInjected()).containsKeys(FaultKind.DUP_REDELIVERY, FaultKind.RESEND,
                FaultKind.MALFORMED_PAYLOAD, FaultKind.NON_GENUINE);

        // The recorded trace, replayed as fast as possible into a fresh system, yields the same orders.
        Fleet fleet = TestFleets.fleet(42, 12);
        List<TraceEntry> trace = TraceReader.read(dir.resolve("trace.jsonl"));
        assertThat(trace).extracting(TraceEntry::kind).contains(TraceEntry.Kind.MALFORMED, TraceEntry.Kind.DUPLICATE);
        DepletionOracle replayed = new DepletionOracle(ModelCatalog.bundled());
        fleet.printers().forEach(p -> replayed.enroll(p.serial(), p.model(), p.enrollmentId()));
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(TestFleets.secrets(fleet), replayed::accept)) {
            ReplayEngine.Result result = ReplayEngine.replay(fleet, trace,
                    MqttSettings.plain("127.0.0.1", acceptor.port()), 0, Duration.ofSeconds(30), ModelCatalog.bundled());
            assertThat(result.stats().pendingReports()).isZero();
            assertThat(acceptor.dupFlags.get()).isPositive();
            assertThat(keys(replayed.expectedOrders())).containsExactlyElementsOf(keys(result.expectedOrders()));
            assertThat(keys(result.expectedOrders())).containsExactlyElementsOf(keys(lastExpected));
        }
    }

    private List<ExpectedOrder> lastExpected;

    private RunStats runAndCompare(FaultRates faults, int gatewayRestarts) throws Exception {
        Fleet fleet = TestFleets.fleet(42, 12);
        DepletionOracle systemSide = new DepletionOracle(ModelCatalog.bundled());
        for (FleetPrinter p : fleet.printers()) {
            systemSide.enroll(p.serial(), p.model(), p.enrollmentId());
        }
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(TestFleets.secrets(fleet), systemSide::accept)) {
            RunOptions options = RunOptions.builder(MqttSettings.plain("127.0.0.1", acceptor.port()))
                    .speed(Duration.ofDays(40).toSeconds() / 8.0)
                    .simDuration(Duration.ofDays(40))
                    .tick(Duration.ofMillis(20))
                    .minReportGap(Duration.ZERO)
                    .connectRate(1000)
                    .fleet(new FleetOptions(3.0, 10, 0.05, 0.2, Duration.ofDays(1), 0.0))
                    .faults(faults)
                    .trace(dir.resolve("trace.jsonl"))
                    .drainTimeout(Duration.ofSeconds(60))
                    .build();
            RunningFleet running = FleetRunner.start(fleet, options);
            for (int i = 0; i < gatewayRestarts; i++) {
                Thread.sleep(1500);
                acceptor.dropAll();
            }
            assertThat(running.awaitCompletion(Duration.ofSeconds(100))).isTrue();
            running.close();

            RunStats stats = running.stats();
            List<ExpectedOrder> expected = running.expectedOrders();
            lastExpected = expected;
            assertThat(expected).isNotEmpty();
            assertThat(stats.pendingReports()).as(stats.toString()).isZero();
            assertThat(expected).allMatch(ExpectedOrder::certain);
            assertThat(stats.errorsByKind().get(ErrorKind.WRONG_CREDENTIAL_ACCEPTED)).isZero();
            assertThat(keys(systemSide.expectedOrders())).containsExactlyElementsOf(keys(expected));
            assertThat(systemSide.expectedOrders()).extracting(ExpectedOrder::orderId)
                    .containsExactlyElementsOf(expected.stream().map(ExpectedOrder::orderId).toList());
            if (faults.rate(FaultKind.WRONG_CREDENTIAL) > 0) {
                assertThat(acceptor.refusedFrom).isNotEmpty().allMatch("127.0.0.2"::equals);
            }
            return stats;
        }
    }

    private static List<OrderKey> keys(List<ExpectedOrder> orders) {
        return orders.stream().map(ExpectedOrder::key).toList();
    }
}
