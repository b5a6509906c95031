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
 * The CI-sized chaos run: a small fleet with duplicates, resends, reorders and reconnect storms
 * publishes while the gateway is SIGKILLed three times, the streams process and the dispatcher once
 * each, PostgreSQL is stopped in immediate mode and started again, and the sandbox payment provider
 * times out or loses the response of 30 % of the calls. Afterwards the oracle must hold: every
 * acknowledged report in the telemetry topic, exactly the expected orders, one capture per shipped
 * order at the right amount, every order final.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChaosIT {
    private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);

    @TempDir
    Path runDir;

    @Test
    void nothingLostNothingTwiceWhileServicesAreKilledAndTheDatabaseCrashes() throws Exception {
        ChaosConfig config = ChaosConfig.fromEnv(Map.of(
                "CHAOS_RUN_DIR", runDir.toString(),
                "CHAOS_PRINTERS", "20",
                "CHAOS_SIM_DAYS", "30",
                "CHAOS_DURATION_SECONDS", "90",
                "CHAOS_SETTLE_SECONDS", "120"));

        ChaosReport report = new ChaosRun(config, log::info).run();

        log.info("Chaos report{}{}", System.lineSeparator(), report.describe());
        assertThat(report.faults()).hasSize(6).allSatisfy(f -> assertThat(f.error()).isNull());
        assertThat(report.fleet().reportsAcked()).isPositive();
        assertThat(report.fleet().expectedOrders()).as("the run must make orders to judge").isPositive();
        assertThat(report.postgresRestarts()).isEqualTo(1);
        assertThat(report.paymentFaults().timeouts() + report.paymentFaults().lostResponses())
                .as("payment faults the dispatchers met").isPositive();
        assertThat(report.checks()).hasSize(4).allSatisfy(c -> assertThat(c.passed()).as(c.describe()).isTrue());
        assertThat(report.passed()).isTrue();
    }
}
