package io.inkflow.stack.chaos;

import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.schemas.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param kafkaNodes          Kafka nodes (KRaft, each broker and controller), each a process of its own
 * @param leaderKills         SIGKILLs of the node leading telemetry partition 0
 * @param controllerKills     SIGKILLs of the active controller
 * @param kafkaOutages        SIGKILLs of every Kafka node at once
 * @param kafkaDowntime       how long all of Kafka stays down each time
 * @param rollingRestarts     rolling restarts of every service and Kafka node
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
                          Duration postgresDowntime, int kafkaNodes, int leaderKills, int controllerKills,
                          int kafkaOutages, Duration kafkaDowntime, int rollingRestarts, double paymentFaultRate, double dupRate, double resendRate,
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
        require(kafkaNodes >= 1 && kafkaNodes <= 5, "CHAOS_KAFKA_NODES must be 1..5, was " + kafkaNodes);
        require(leaderKills >= 0, "CHAOS_LEADER_KILLS must not be negative");
        require(controllerKills >= 0, "CHAOS_CONTROLLER_KILLS must not be negative");
        // With fewer than three nodes, killing one is an outage of all Kafka, not a failover.
        require(kafkaNodes >= 3 || leaderKills + controllerKills == 0,
                "CHAOS_LEADER_KILLS and CHAOS_CONTROLLER_KILLS need CHAOS_KAFKA_NODES of at least 3, was " + kafkaNodes);
        require(kafkaOutages >= 0, "CHAOS_KAFKA_OUTAGES must not be negative");
        require(!kafkaDowntime.isNegative(), "CHAOS_KAFKA_OUTAGE_SECONDS must not be negative");
        require(rollingRestarts >= 0, "CHAOS_ROLLING_RESTARTS must not be negative");
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
                vars.duration("CHAOS_DURATION_SECONDS", SECONDS, 300),
                vars.decimal("CHAOS_FAULT_SHARE", 0.8),
                vars.integer("CHAOS_GATEWAY_KILLS", 3),
                vars.integer("CHAOS_STREAMS_KILLS", 1),
                vars.integer("CHAOS_DISPATCHER_KILLS", 1),
                vars.integer("CHAOS_POSTGRES_RESTARTS", 1),
                vars.duration("CHAOS_POSTGRES_DOWNTIME_SECONDS", SECONDS, 3),
                vars.integer("CHAOS_KAFKA_NODES", 3),
                vars.integer("CHAOS_LEADER_KILLS", 1),
                vars.integer("CHAOS_CONTROLLER_KILLS", 1),
                vars.integer("CHAOS_KAFKA_OUTAGES", 1),
                vars.duration("CHAOS_KAFKA_OUTAGE_SECONDS", SECONDS, 60),
                vars.integer("CHAOS_ROLLING_RESTARTS", 1),
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

    /**
     * Every kind of fault with its count, in the order kinds take their turn: the long ones (all of Kafka down,
     * the rolling restart) early, so they happen while the fleet still publishes; the dispatcher never first,
     * as its first process is the one whose payment calls time out and it should live long enough to meet some.
     */
    public List<FaultPlan.Repeat> faultKinds() {
        return List.of(
                new FaultPlan.Repeat(new Fault.KafkaOutage(kafkaDowntime), kafkaOutages),
                new FaultPlan.Repeat(new Fault.Kill(Service.GATEWAY), gatewayKills),
                new FaultPlan.Repeat(new Fault.RestartPostgres(), postgresRestarts),
                new FaultPlan.Repeat(new Fault.RollingRestart(), rollingRestarts),
                new FaultPlan.Repeat(new Fault.Kill(Service.DISPATCHER), dispatcherKills),
                new FaultPlan.Repeat(new Fault.KillBroker(Fault.BrokerRole.TELEMETRY_LEADER), leaderKills),
                new FaultPlan.Repeat(new Fault.Kill(Service.STREAMS), streamsKills),
                new FaultPlan.Repeat(new Fault.KillBroker(Fault.BrokerRole.ACTIVE_CONTROLLER), controllerKills));
    }

    /** How many faults the run injects. */
    public int faultCount() {
        return faultKinds().stream().mapToInt(FaultPlan.Repeat::times).sum();
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
