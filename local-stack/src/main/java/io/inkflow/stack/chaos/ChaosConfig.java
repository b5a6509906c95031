package io.inkflow.stack.chaos;

import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.schemas.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a chaos run does, from environment variables (defaults: the CI-sized run).
 *
 * @param runDir              where broker data, PostgreSQL data, the fleet's trace and every service log go
 * @param printers            simulated printers
 * @param simulatedDays       simulated days the fleet lives through during {@code duration}
 * @param duration            real time the fleet publishes; faults happen in its first {@code faultShare}
 * @param faultShare          share of {@code duration} during which faults are injected (the rest is calm)
 * @param gatewayKills        SIGKILLs of the gateway
 * @param streamsKills        SIGKILLs of the streams process
 * @param dispatcherKills     SIGKILLs of the dispatcher
 * @param postgresRestarts    immediate-mode stops and restarts of PostgreSQL
 * @param postgresDowntime    how long PostgreSQL stays down each time
 * @param paymentFaultRate    share of payment calls that time out (odd dispatcher processes) or lose
 *                            their response (even ones)
 * @param dupRate             simulator: share of reports published again with DUP
 * @param resendRate          simulator: share of reports published again with a new packet id
 * @param reorderRate         simulator: share of reports held back behind their successor
 * @param stormsPerMinute     simulator: reconnect storms per real minute
 * @param partitions          partitions of every topic
 * @param seed                fleet seed
 * @param settleTimeout       after the fleet drained, how long the checks may wait for the system to settle
 */
public record ChaosConfig(Path runDir, int printers, int simulatedDays, Duration duration, double faultShare,
                          int gatewayKills, int streamsKills, int dispatcherKills, int postgresRestarts,
                          Duration postgresDowntime, double paymentFaultRate, double dupRate, double resendRate,
                          double reorderRate, double stormsPerMinute, int partitions, long seed,
                          Duration settleTimeout) {
    public ChaosConfig {
        require(printers >= 1 && printers <= 10_000, "CHAOS_PRINTERS must be 1..10000, was " + printers);
        require(simulatedDays >= 1 && simulatedDays <= 3650, "CHAOS_SIM_DAYS must be 1..3650, was " + simulatedDays);
        require(duration.toSeconds() >= 10, "CHAOS_DURATION_SECONDS must be at least 10");
        require(faultShare > 0 && faultShare <= 1, "CHAOS_FAULT_SHARE must be within (0, 1]");
        require(gatewayKills >= 0, "CHAOS_GATEWAY_KILLS must not be negative");
        require(streamsKills >= 0, "CHAOS_STREAMS_KILLS must not be negative");
        require(dispatcherKills >= 0, "CHAOS_DISPATCHER_KILLS must not be negative");
        require(postgresRestarts >= 0, "CHAOS_POSTGRES_RESTARTS must not be negative");
        require(!postgresDowntime.isNegative(), "CHAOS_POSTGRES_DOWNTIME_SECONDS must not be negative");
        requireRate(paymentFaultRate, "CHAOS_PAYMENT_FAULT_RATE");
        requireRate(dupRate, "CHAOS_DUP_RATE");
        requireRate(resendRate, "CHAOS_RESEND_RATE");
        requireRate(reorderRate, "CHAOS_REORDER_RATE");
        require(stormsPerMinute >= 0, "CHAOS_STORMS_PER_MINUTE must not be negative");
        require(partitions >= 1, "CHAOS_PARTITIONS must be at least 1");
        require(settleTimeout.toSeconds() >= 10, "CHAOS_SETTLE_SECONDS must be at least 10");
    }

    public static ChaosConfig fromEnv(Map<String, String> env) {
        Env vars = new Env(env);
        return new ChaosConfig(
                vars.path("CHAOS_RUN_DIR", Path.of(".inkflow/chaos")),
                vars.integer("CHAOS_PRINTERS", 30),
                vars.integer("CHAOS_SIM_DAYS", 45),
                vars.duration("CHAOS_DURATION_SECONDS", SECONDS, 100),
                vars.decimal("CHAOS_FAULT_SHARE", 0.8),
                vars.integer("CHAOS_GATEWAY_KILLS", 3),
                vars.integer("CHAOS_STREAMS_KILLS", 1),
                vars.integer("CHAOS_DISPATCHER_KILLS", 1),
                vars.integer("CHAOS_POSTGRES_RESTARTS", 1),
                vars.duration("CHAOS_POSTGRES_DOWNTIME_SECONDS", SECONDS, 3),
                vars.decimal("CHAOS_PAYMENT_FAULT_RATE", 0.3),
                vars.decimal("CHAOS_DUP_RATE", 0.05),
                vars.decimal("CHAOS_RESEND_RATE", 0.05),
                vars.decimal("CHAOS_REORDER_RATE", 0.05),
                vars.decimal("CHAOS_STORMS_PER_MINUTE", 1.0),
                vars.integer("CHAOS_PARTITIONS", 3),
                vars.longValue("CHAOS_SEED", 7),
                vars.duration("CHAOS_SETTLE_SECONDS", SECONDS, 150));
    }

    /** The simulated seconds per real second that fit {@code simulatedDays} into {@code duration}. */
    public double speed() {
        return simulatedDays * 86_400.0 / duration.toSeconds();
    }

    public Duration faultWindow() {
        return Duration.ofMillis((long) (duration.toMillis() * faultShare));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireRate(double rate, String name) {
        require(rate >= 0 && rate <= 1, name + " must be within 0..1, was " + rate);
    }
}
