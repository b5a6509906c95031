package io.inkflow.stack;

import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.schemas.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the all-in-one local stack, from environment variables (see docs/configuration.md).
 *
 * @param dataDir        where the broker's log, PostgreSQL's data and the fleet file live
 * @param clean          wipe {@code dataDir} at start so every run starts from an empty system
 * @param kafkaPort      the in-process broker's port on 127.0.0.1
 * @param jdbcUrl        an external PostgreSQL; empty means embedded PostgreSQL
 * @param mqttPort       the gateway's plaintext MQTT listener
 * @param httpPort       the dispatcher's HTTP API and dashboard
 * @param printers       size of the simulated fleet
 * @param speed          simulated seconds per real second
 * @param simulatedDays  how many days the fleet lives through; simulated time ends at the present
 * @param demoEmail      the ready-made customer of the customer pages (signed up and confirmed at start)
 * @param demoPassword   its password
 */
public record LocalStackConfig(Path dataDir, boolean clean, int kafkaPort, Optional<String> jdbcUrl, String dbUser,
                               String dbPassword, int mqttPort, int httpPort, int gatewayHttpPort,
                               int streamsHttpPort, int printers, int speed, int simulatedDays, long seed,
                               String adminToken, int partitions, Duration progressInterval, String demoEmail,
                               String demoPassword) {
    public LocalStackConfig {
        requirePort("LOCAL_STACK_KAFKA_PORT", kafkaPort);
        requirePort("LOCAL_STACK_MQTT_PORT", mqttPort);
        requirePort("LOCAL_STACK_HTTP_PORT", httpPort);
        requirePort("LOCAL_STACK_GATEWAY_HTTP_PORT", gatewayHttpPort);
        requirePort("LOCAL_STACK_STREAMS_HTTP_PORT", streamsHttpPort);
        if (printers < 0 || printers > 20_000) {
            throw new IllegalArgumentException("LOCAL_STACK_PRINTERS must be 0..20000, was " + printers);
        }
        if (speed < 1) {
            throw new IllegalArgumentException("LOCAL_STACK_SPEED must be at least 1, was " + speed);
        }
        if (simulatedDays < 1 || simulatedDays > 3650) {
            throw new IllegalArgumentException("LOCAL_STACK_SIM_DAYS must be 1..3650, was " + simulatedDays);
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("LOCAL_STACK_PROGRESS_SECONDS must be positive");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("LOCAL_STACK_PARTITIONS must be at least 1, was " + partitions);
        }
        if (demoEmail == null || !demoEmail.contains("@")) {
            throw new IllegalArgumentException("LOCAL_STACK_DEMO_EMAIL must be an e-mail address");
        }
        if (demoPassword == null || demoPassword.length() < 10) {
            throw new IllegalArgumentException("LOCAL_STACK_DEMO_PASSWORD must have at least 10 characters");
        }
        if (adminToken.length() < 16) {
            throw new IllegalArgumentException("LOCAL_STACK_ADMIN_TOKEN must have at least 16 characters");
        }
    }

    public static LocalStackConfig fromEnv(Map<String, String> env) {
        Env vars = new Env(env);
        return new LocalStackConfig(
                vars.path("LOCAL_STACK_DATA_DIR", Path.of(".inkflow/local-stack")),
                vars.bool("LOCAL_STACK_CLEAN", true),
                vars.integer("LOCAL_STACK_KAFKA_PORT", 19092),
                Optional.ofNullable(vars.string("LOCAL_STACK_JDBC_URL", null)),
                vars.string("LOCAL_STACK_DB_USER", "postgres"),
                vars.string("LOCAL_STACK_DB_PASSWORD", "postgres"),
                vars.integer("LOCAL_STACK_MQTT_PORT", 1883),
                vars.integer("LOCAL_STACK_HTTP_PORT", 8080),
                vars.integer("LOCAL_STACK_GATEWAY_HTTP_PORT", 9101),
                vars.integer("LOCAL_STACK_STREAMS_HTTP_PORT", 9102),
                vars.integer("LOCAL_STACK_PRINTERS", 100),
                vars.integer("LOCAL_STACK_SPEED", 4320),
                vars.integer("LOCAL_STACK_SIM_DAYS", 60),
                vars.longValue("LOCAL_STACK_SEED", 42),
                vars.string("LOCAL_STACK_ADMIN_TOKEN", "local-admin-token-change-me"),
                vars.integer("LOCAL_STACK_PARTITIONS", 6),
                vars.duration("LOCAL_STACK_PROGRESS_SECONDS", SECONDS, 5),
                vars.string("LOCAL_STACK_DEMO_EMAIL", "demo@inkflow.local"),
                vars.string("LOCAL_STACK_DEMO_PASSWORD", "inkflow-demo-password"));
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
    }
}
