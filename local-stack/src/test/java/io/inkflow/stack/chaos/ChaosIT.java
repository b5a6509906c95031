package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CI-sized chaos run, every part a process of its own (the services from their runnable jars): a small
 * fleet with duplicates, resends, reorders and reconnect storms publishes for four minutes while all three
 * Kafka nodes are SIGKILLed and kept down for 60 s, every service and then every Kafka node is restarted in
 * turn, the gateway, the streams process and the dispatcher are SIGKILLed once each, PostgreSQL is stopped in
 * immediate mode, the leader of a telemetry partition and then the active controller are SIGKILLed, and the
 * sandbox payment provider times out or loses the response of 30 % of the calls. Afterwards the oracle must
 * hold: every acknowledged report in the telemetry topic, exactly the expected orders, one capture per shipped
 * order at the right amount, every order final, and the gateway's memory bounded through the Kafka outage.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ChaosIT {
    private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);

    @TempDir
    Path runDir;

    @Test
    void nothingLostNothingTwiceWhileEveryPartIsKilledKafkaIsGoneAMinuteAndEverythingRestartsInTurn()
            throws Exception {
        ChaosConfig config = ChaosConfig.fromEnv(Map.of(
                "CHAOS_RUN_DIR", runDir.toString(),
                "CHAOS_PRINTERS", "20",
                "CHAOS_SIM_DAYS", "30",
                "CHAOS_DURATION_SECONDS", "240",
                "CHAOS_FAULT_SHARE", "0.9",
                "CHAOS_GATEWAY_KILLS", "1",
                "CHAOS_SETTLE_SECONDS", "120"));

        ChaosReport report = new ChaosRun(config, log::info).run();

        log.info("Chaos report{}{}", System.lineSeparator(), report.describe());
        assertThat(report.faults()).hasSize(8).allSatisfy(f -> assertThat(f.error()).isNull());
        assertThat(report.faults()).extracting(FaultInjector.Injected::fault).contains(
                new Fault.KafkaOutage(java.time.Duration.ofSeconds(60)), new Fault.RollingRestart(),
                new Fault.KillBroker(Fault.BrokerRole.TELEMETRY_LEADER),
                new Fault.KillBroker(Fault.BrokerRole.ACTIVE_CONTROLLER));
        assertThat(report.fleet().reportsAcked()).isPositive();
        assertThat(report.fleet().expectedOrders()).as("the run must make orders to judge").isPositive();
        assertThat(report.postgresRestarts()).isEqualTo(1);
        // First start, the kill and the rolling restart: three processes of each service.
        assertThat(report.starts()).containsEntry(Service.GATEWAY, 3).containsEntry(Service.STREAMS, 3)
                .containsEntry(Service.DISPATCHER, 3);
        assertThat(report.paymentFaults().timeouts() + report.paymentFaults().lostResponses())
                .as("payment faults the dispatchers met").isPositive();
        assertThat(report.checks()).hasSize(5).allSatisfy(c -> assertThat(c.passed()).as(c.describe()).isTrue());
        assertThat(report.passed()).isTrue();
    }
}
