package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.OrderTrigger;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.api.DispatcherClient;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OracleSettings;
import io.inkflow.simulator.oracle.OrderVerifier;
import io.inkflow.simulator.oracle.VerificationResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * QA's loop on the real stack: a small simulated fleet with faults switched on (duplicates,
 * resends, reorders, malformed payloads, clock skew, wrong topics, non-genuine cartridges) runs
 * through gateway, Kafka, streams and dispatcher, and the simulator's oracle finds exactly the
 * orders the fleet should have caused, no more, no fewer: with the streams' own settings, so the forecast
 * and consolidated orders and each order's group are predicted too, not tolerated.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FleetVerifyIT {
    private static final String ADMIN_TOKEN = "fleet-verify-admin-token";

    @TempDir
    Path dataDir;

    @Test
    void aFaultyFleetProducesExactlyTheOrdersTheOracleExpects() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("LOCAL_STACK_DATA_DIR", dataDir.toString());
        for (String port : List.of("KAFKA", "MQTT", "HTTP", "GATEWAY_HTTP", "STREAMS_HTTP")) {
            env.put("LOCAL_STACK_" + port + "_PORT", "0");
        }
        env.put("LOCAL_STACK_PARTITIONS", "2");
        env.put("LOCAL_STACK_ADMIN_TOKEN", ADMIN_TOKEN);

        try (LocalStack stack = LocalStack.start(LocalStackConfig.fromEnv(env))) {
            URI api = URI.create("http://127.0.0.1:" + stack.httpPort());
            Fleet fleet = FleetProvisioner.provision(ProvisionOptions.of(api, ADMIN_TOKEN, 12, 7));
            FaultRates faults = FaultRates.none()
                    .with(FaultKind.DUP_REDELIVERY, 0.05)
                    .with(FaultKind.RESEND, 0.05)
                    .with(FaultKind.REORDER, 0.05)
                    .with(FaultKind.MALFORMED_PAYLOAD, 0.02)
                    .with(FaultKind.CLOCK_SKEW, 0.2)
                    .with(FaultKind.WRONG_TOPIC, 0.01);
            FleetOptions heavyUse = new FleetOptions(4.0, 10, 0.05, 0.05, Duration.ofDays(1), 0.1);

            List<ExpectedOrder> expected;
            try (RunningFleet running = FleetRunner.start(fleet,
                    RunOptions.builder(MqttSettings.plain("127.0.0.1", stack.mqttPort()))
                            .simDuration(Duration.ofDays(30))
                            .speed(30 * 86_400 / 90.0)
                            .fleet(heavyUse)
                            .faults(faults)
                            // the stack's streams run the defaults: forecast on, 7 + 2 business days, window 9
                            .oracle(OracleSettings.streams(7, 2, 9, true))
                            .build())) {
                assertThat(running.awaitCompletion(Duration.ofMinutes(4))).as("fleet run completes").isTrue();
                expected = running.expectedOrders();
                Map<FaultKind, Long> injected = running.stats().faultsInjected();
                System.out.println("FleetVerifyIT faults injected: " + injected);
                // reorders are swapped only where the oracle proves them invisible; they must still happen
                assertThat(injected.getOrDefault(FaultKind.REORDER, 0L)).as("reorders were injected").isPositive();
                assertThat(injected.getOrDefault(FaultKind.DUP_REDELIVERY, 0L)).as("duplicates were injected")
                        .isPositive();
            }
            assertThat(expected).as("the fleet depleted cartridges, so the check is not vacuous").isNotEmpty();
            assertThat(expected).as("the fleet made order groups, so consolidation is checked too")
                    .anyMatch(o -> o.trigger() == OrderTrigger.CONSOLIDATED && o.groupId() != null);

            Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
            VerificationResult result = new OrderVerifier(DispatcherClient.create(api, ADMIN_TOKEN), Clock.systemUTC())
                    .verifyEventually(expected, serials, Duration.ofSeconds(90), Duration.ofSeconds(5));

            TelemetryTrail trail = new TelemetryTrail(stack.bootstrapServers());
            assertThat(result.passed()).as(() -> result.describe() + result.missing().stream().map(trail::of)
                    .collect(Collectors.joining("\n"))).isTrue();
        }
    }
}
