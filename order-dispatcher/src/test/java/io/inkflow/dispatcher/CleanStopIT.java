package io.inkflow.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.DispatcherHarness.Scenario;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ReplenishmentOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher as an operator runs it, {@code DispatcherMain} in its own JVM, is stopped with SIGTERM
 * while it works: it exits within 5 seconds, logs no warning or error on the way (the loops stop before
 * the pool closes), and what it was doing is finished by the next start.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CleanStopIT extends WithHarness {
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP API started \\[port=(\\d+)]");

    @TempDir
    Path logDir;

    @Test
    void sigtermStopsWithinFiveSecondsWithoutAWarning() throws Exception {
        Scenario s = harness.scenario(Map.of("DISPATCHER_SANDBOX_LATENCY_MS", "50", "DISPATCHER_INITIAL_STOCK", "1000",
                "DISPATCHER_LEASE_SECONDS", "5"));
        s.insertAccount("acc-stop", "tok_visa");
        Path log = logDir.resolve("dispatcher.log");
        Process process = startDispatcherProcess(s.config(), log);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> output(log).stream()
                    .anyMatch(l -> HTTP_PORT.matcher(l).find()));
            // work in flight when the signal comes: orders being ingested, charged and shipped
            List<ReplenishmentOrder> orders = IntStream.range(0, 200)
                    .mapToObj(i -> DispatcherHarness.order("acc-stop", "SER-STOP-" + i, 1, Channel.CANON)).toList();
            harness.publish(s.topic(), orders);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    s.count("SELECT count(*) FROM orders WHERE state = 'SHIPPED'") > 0);

            int linesBeforeStop = output(log).size();
            long start = System.nanoTime();
            process.toHandle().destroy(); // SIGTERM, as an operator's kill or an orchestrator sends it
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(exited).as("exited").isTrue();
            assertThat(took).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(5));
            List<String> all = output(log);
            List<String> afterSignal = all.subList(linesBeforeStop, all.size());
            assertThat(afterSignal).anyMatch(l -> l.contains("Order dispatcher stopped"));
            assertThat(afterSignal).as("log lines after SIGTERM").noneMatch(l -> l.contains(" WARN ")
                    || l.contains(" ERROR ") || l.contains("Exception"));

            // whatever the stop interrupted is finished by the next start, exactly once
            try (OrderDispatcher again = OrderDispatcher.start(s.config(Map.of("DISPATCHER_INSTANCE_ID", "after-stop")))) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(s.text(
                        "SELECT string_agg(n || ' ' || state || coalesce(' ' || park_reason, ''), ', ') FROM"
                        + " (SELECT state, park_reason, count(*) AS n FROM orders GROUP BY 1, 2) x"))
                        .isEqualTo(orders.size() + " SHIPPED"));
            }
            assertThat(s.count("SELECT count(*) FROM sandbox_payment_ledger")).isEqualTo(orders.size());
            assertThat(s.count("SELECT count(*) FROM sandbox_carrier_ledger")).isEqualTo(orders.size());
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * DispatcherMain on the test class path, with the scenario's configuration as its environment, its
     * output in a file (a pipe would be closed by the JDK when the process is signalled).
     */
    private static Process startDispatcherProcess(DispatcherConfig config, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DispatcherMain.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(config.asEnv());
        return builder.start();
    }

    private static List<String> output(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }
}
