package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static final Fault GATEWAY = new Fault.Kill(Service.GATEWAY);
    private static final Fault POSTGRES = new Fault.RestartPostgres();
    private static final Fault DISPATCHER = new Fault.Kill(Service.DISPATCHER);

    @Test
    void interleavesKindsAndSpreadsThemEvenlyInsideTheWindow() {
        List<FaultPlan.Event> plan = FaultPlan.spread(Duration.ofSeconds(60), List.of(
                new FaultPlan.Repeat(GATEWAY, 3), new FaultPlan.Repeat(POSTGRES, 1),
                new FaultPlan.Repeat(DISPATCHER, 1)));

        assertThat(plan).extracting(FaultPlan.Event::fault)
                .containsExactly(GATEWAY, POSTGRES, DISPATCHER, GATEWAY, GATEWAY);
        assertThat(plan).extracting(FaultPlan.Event::at).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(50));
    }

    @Test
    void noFaultsMakeAnEmptyPlan() {
        assertThat(FaultPlan.spread(Duration.ofSeconds(70), List.of(new FaultPlan.Repeat(GATEWAY, 0)))).isEmpty();
    }

    @Test
    void theDefaultRunPutsTheLongKafkaFaultsFirstAndNeverStartsATurnWithTheDispatcher() {
        ChaosConfig config = ChaosConfig.fromEnv(Map.of());

        List<FaultPlan.Event> plan = FaultPlan.spread(config.faultWindow(), config.faultKinds());

        assertThat(plan).hasSize(config.faultCount()).hasSize(10);
        assertThat(plan).extracting(FaultPlan.Event::fault).startsWith(
                new Fault.KafkaOutage(Duration.ofSeconds(60)), GATEWAY, POSTGRES, new Fault.RollingRestart(),
                DISPATCHER, new Fault.KillBroker(Fault.BrokerRole.TELEMETRY_LEADER), new Fault.Kill(Service.STREAMS),
                new Fault.KillBroker(Fault.BrokerRole.ACTIVE_CONTROLLER), GATEWAY, GATEWAY);
    }

    @Test
    void brokerKillsNeedAClusterThatSurvivesOneDeadNode() {
        assertThatThrownBy(() -> ChaosConfig.fromEnv(Map.of("CHAOS_KAFKA_NODES", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHAOS_KAFKA_NODES of at least 3");
        assertThat(ChaosConfig.fromEnv(Map.of("CHAOS_KAFKA_NODES", "1", "CHAOS_LEADER_KILLS", "0",
                "CHAOS_CONTROLLER_KILLS", "0")).kafkaNodes()).isEqualTo(1);
    }
}
