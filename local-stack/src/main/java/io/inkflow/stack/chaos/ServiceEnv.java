package io.inkflow.stack.chaos;

import io.inkflow.schemas.embedded.PostgresServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment each service process of a chaos or scale-out run gets: production configuration
 * through the variables its {@code fromEnv} reads, with the few settings a fault run needs (see
 * docs/chaos.md for why each one).
 */
public final class ServiceEnv {
    /** Unacknowledged reports a gateway lets one connection hold (the gateway's default, set explicitly). */
    public static final int GATEWAY_MAX_INFLIGHT_PER_CONNECTION = 32;
    /**
     * Reports a second one connection may send before the gateway pauses reading it (the gateway's default, set
     * explicitly): a load run offers at most this much per printer, or it measures the limit.
     */
    public static final int GATEWAY_RATE_LIMIT_PER_SECOND = 50;

    private ServiceEnv() {
    }

    public static Map<String, String> gateway(String bootstrapServers, int mqttPort, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("GATEWAY_BIND_HOST", "127.0.0.1");
        env.put("GATEWAY_MQTT_PORT", String.valueOf(mqttPort));
        env.put("GATEWAY_HTTP_PORT", String.valueOf(httpPort));
        // The whole simulated fleet connects from 127.0.0.1: the per-address login throttle must not
        // lock it out while credentials are still on their way after a restart.
        env.put("GATEWAY_AUTH_FAILURES_BEFORE_BLOCK", "1000");
        env.put("GATEWAY_SHUTDOWN_DRAIN_MS", "3000");
        env.put("GATEWAY_MAX_INFLIGHT_PER_CONNECTION", String.valueOf(GATEWAY_MAX_INFLIGHT_PER_CONNECTION));
        env.put("GATEWAY_RATE_LIMIT_PER_SECOND", String.valueOf(GATEWAY_RATE_LIMIT_PER_SECOND));
        return env;
    }

    public static Map<String, String> streams(String bootstrapServers, Path stateDir, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("STREAMS_STATE_DIR", stateDir.toString());
        env.put("STREAMS_HTTP_HOST", "127.0.0.1");
        env.put("STREAMS_HTTP_PORT", String.valueOf(httpPort));
        env.put("STREAMS_COMMIT_INTERVAL_MS", "200");
        // A killed instance holds its partitions until its session expires.
        env.put("STREAMS_SESSION_TIMEOUT_MS", "6000");
        return env;
    }

    /**
     * @param paymentFault {@code NONE}, {@code TIMEOUT} or {@code LOSE_RESPONSE}
     */
    public static Map<String, String> dispatcher(String bootstrapServers, PostgresServer postgres, int httpPort,
                                                 String adminToken, String paymentFault, double paymentFaultRate) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("DISPATCHER_JDBC_URL", postgres.jdbcUrl());
        env.put("DISPATCHER_DB_USER", postgres.user());
        env.put("DISPATCHER_DB_PASSWORD", postgres.password());
        env.put("DISPATCHER_DB_POOL_SIZE", "8");
        env.put("DISPATCHER_HTTP_PORT", String.valueOf(httpPort));
        env.put("DISPATCHER_ADMIN_TOKEN", adminToken);
        // Enough stock that every order can ship: backorders are another test's subject.
        env.put("DISPATCHER_INITIAL_STOCK", "1000000");
        env.put("DISPATCHER_LEASE_SECONDS", "10");
        env.put("DISPATCHER_RETRY_BACKOFF_MS", "500");
        env.put("DISPATCHER_SANDBOX_TIMEOUT_MS", "500");
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT", paymentFaultRate == 0 ? "NONE" : paymentFault);
        env.put("DISPATCHER_SANDBOX_PAYMENT_FAULT_RATE", String.valueOf(paymentFaultRate));
        return env;
    }

    /** JVM options of a service process: small heaps and the serial collector, as many JVMs share two busy cores. */
    public static java.util.List<String> jvmOptions(Path logbackConfig) {
        return java.util.List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=" + logbackConfig);
    }

    /**
     * JVM options of a benchmarked service process: the JVM's own collector and full JIT, as in production, with
     * room for a backlog.
     */
    public static java.util.List<String> benchJvmOptions(Path logbackConfig) {
        return java.util.List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + logbackConfig);
    }

    /** Each service process writes its console to its own file in the run directory. */
    public static final String LOGBACK = """
            <configuration>
              <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.kafka" level="WARN"/>
              <logger name="org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils" level="ERROR"/>
              <logger name="kafka" level="WARN"/>
              <logger name="state.change.logger" level="WARN"/>
              <logger name="org.eclipse.jetty" level="WARN"/>
              <logger name="org.flywaydb" level="WARN"/>
              <logger name="io.inkflow" level="INFO"/>
              <root level="INFO"><appender-ref ref="CONSOLE"/></root>
            </configuration>
            """;
}
