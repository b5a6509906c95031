package io.inkflow.stack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.api.DispatcherClient;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OrderVerifier;
import io.inkflow.simulator.oracle.VerificationResult;
import io.inkflow.stack.chaos.ChaosRun;
import io.inkflow.stack.chaos.CheckResult;
import io.inkflow.stack.chaos.FinalStateAudit;
import io.inkflow.stack.chaos.LedgerAudit;
import io.inkflow.stack.chaos.OrderAudit;
import io.inkflow.stack.chaos.OrderRow;
import io.inkflow.stack.chaos.ReportId;
import io.inkflow.stack.chaos.Service;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.stack.chaos.ServiceProcess;
import io.inkflow.stack.chaos.SystemReader;
import io.inkflow.stack.chaos.TelemetryAudit;
import io.inkflow.testkit.KafkaTestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out on one machine: a 3-node KRaft cluster (replication factor 3, min in-sync replicas 2),
 * two gateways, two streams instances and two dispatchers, each service in its own process. Mid-run
 * one streams instance and one dispatcher are SIGKILLed for good, one broker is shut down for good,
 * and one gateway is SIGKILLed (and started again, since each half of the fleet knows one gateway
 * address and there is no load balancer in front). The chaos run's oracle must still hold.
 *
 * <p>Nine JVM-sized parts on two shared cores take several minutes, so this test is not part of
 * the default build: {@code ./mvnw -B -o -pl local-stack verify -Dit.test=ScaleOutIT -Dinkflow.scale=true
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "inkflow.scale", matches = "true")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ScaleOutIT {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final String ADMIN_TOKEN = "scale-admin-token-0123456789";
    private static final Duration READY = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Close failed [component={}]", started.get(i), e);
            }
        }
    }

    @Test
    void oracleHoldsWhenOneOfEachServiceAndOneBrokerDieMidRun() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Path logback = dir.resolve("logback-service.xml");
        Files.writeString(logback, ServiceEnv.LOGBACK);
        KafkaTestCluster cluster = remember(KafkaTestCluster.start(dir.resolve("kafka"), 3, Map.of()));
        cluster.createInkflowTopics(3, (short) 3);
        assertThat(minInsyncReplicas(cluster)).isEqualTo("2");
        String kafka = cluster.bootstrapServers();
        PostgresServer postgres = remember(PostgresServer.start(dir.resolve("postgres"), dir.resolve("logs/postgres.log")));

        int apiA = freePort();
        ServiceProcess dispatcherA = process("dispatcher-a", Service.DISPATCHER,
                ServiceEnv.dispatcher(kafka, postgres, apiA, ADMIN_TOKEN, "NONE", 0), apiA, logback);
        dispatcherA.start();
        dispatcherA.awaitReady(READY); // migrations run once, before the second instance starts
        int apiB = freePort();
        ServiceProcess dispatcherB = process("dispatcher-b", Service.DISPATCHER,
                ServiceEnv.dispatcher(kafka, postgres, apiB, ADMIN_TOKEN, "NONE", 0), apiB, logback);
        int streamsPortA = freePort();
        int streamsPortB = freePort();
        ServiceProcess streamsA = process("streams-a", Service.STREAMS,
                ServiceEnv.streams(kafka, dir.resolve("streams-a"), streamsPortA), streamsPortA, logback);
        ServiceProcess streamsB = process("streams-b", Service.STREAMS,
                ServiceEnv.streams(kafka, dir.resolve("streams-b"), streamsPortB), streamsPortB, logback);
        int mqttA = freePort();
        int mqttB = freePort();
        int gatewayHttpA = freePort();
        int gatewayHttpB = freePort();
        ServiceProcess gatewayA = process("gateway-a", Service.GATEWAY,
                ServiceEnv.gateway(kafka, mqttA, gatewayHttpA), gatewayHttpA, logback);
        ServiceProcess gatewayB = process("gateway-b", Service.GATEWAY,
                ServiceEnv.gateway(kafka, mqttB, gatewayHttpB), gatewayHttpB, logback);
        List<ServiceProcess> rest = List.of(dispatcherB, streamsA, streamsB, gatewayA, gatewayB);
        rest.forEach(ServiceProcess::start);
        for (ServiceProcess process : rest) {
            process.awaitReady(READY);
        }
        log.info("Scale-out stack up [kafka={}]", kafka);

        String api = "http://127.0.0.1:" + apiA;
        Fleet fleet = FleetProvisioner.provision(ProvisionOptions.of(URI.create(api), ADMIN_TOKEN, 20, 11L));
        Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
        SystemReader reader = new SystemReader(kafka, postgres);
        awaitCredentials(reader, serials);
        List<FleetPrinter> printers = fleet.printers();
        Fleet half1 = new Fleet(fleet.seed(), fleet.apiBaseUrl(), fleet.createdAt(), printers.subList(0, printers.size() / 2));
        Fleet half2 = new Fleet(fleet.seed(), fleet.apiBaseUrl(), fleet.createdAt(),
                printers.subList(printers.size() / 2, printers.size()));

        Path traceA = dir.resolve("trace-a.jsonl");
        Path traceB = dir.resolve("trace-b.jsonl");
        RunningFleet fleetA = FleetRunner.start(half1, runOptions(mqttA, traceA));
        RunningFleet fleetB = FleetRunner.start(half2, runOptions(mqttB, traceB));
        long start = System.nanoTime();

        waitUntil(start, Duration.ofSeconds(15));
        log.info("Killing streams-b for good");
        streamsB.kill();
        waitUntil(start, Duration.ofSeconds(25));
        log.info("Killing dispatcher-b for good");
        dispatcherB.kill();
        waitUntil(start, Duration.ofSeconds(35));
        log.info("Shutting Kafka node 3 down for good");
        CompletableFuture.runAsync(() -> cluster.stopNode(2)).get(3, TimeUnit.MINUTES);
        waitUntil(start, Duration.ofSeconds(50));
        log.info("Killing gateway-b and starting it again");
        gatewayB.kill();
        gatewayB.start();
        gatewayB.awaitReady(READY);

        Duration finish = Duration.ofMinutes(8);
        assertThat(fleetA.awaitCompletion(finish)).isTrue();
        assertThat(fleetB.awaitCompletion(finish)).isTrue();
        fleetA.close();
        fleetB.close();
        List<ExpectedOrder> expected = new ArrayList<>(fleetA.expectedOrders());
        expected.addAll(fleetB.expectedOrders());

        List<ReportId> published = new ArrayList<>(ChaosRun.publishedReports(traceA));
        published.addAll(ChaosRun.publishedReports(traceB));
        SystemReader.TopicReports telemetry = reader.telemetry();
        List<CheckResult> checks = new ArrayList<>();
        checks.add(TelemetryAudit.check(published, fleetA.stats().reportsAcked() + fleetB.stats().reportsAcked(),
                fleetA.stats().pendingReports() + fleetB.stats().pendingReports(), telemetry.reports(),
                telemetry.records()));
        OrderVerifier verifier = new OrderVerifier(DispatcherClient.create(URI.create(api), ADMIN_TOKEN),
                Clock.systemUTC());
        VerificationResult orders = verifier.verifyEventually(expected, serials, Duration.ofMinutes(3),
                Duration.ofSeconds(5));
        checks.add(OrderAudit.check(orders, verifier.fetch(serials).size()));
        List<OrderRow> rows = awaitFinal(reader, Duration.ofMinutes(3));
        checks.add(LedgerAudit.check(rows, reader.payments(), reader.shipments(), ModelCatalog.bundled()));
        checks.add(FinalStateAudit.check(rows));
        StringBuilder report = new StringBuilder();
        checks.forEach(c -> report.append(c.describe()));
        log.info("Scale-out checks [reportsAcked={}, expectedOrders={}]{}{}",
                fleetA.stats().reportsAcked() + fleetB.stats().reportsAcked(), expected.size(),
                System.lineSeparator(), report);

        assertThat(expected).as("the run must make orders to judge").isNotEmpty();
        assertThat(streamsA.alive()).isTrue();
        assertThat(dispatcherA.alive()).isTrue();
        assertThat(cluster.running(2)).isFalse();
        assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.describe()).isTrue());
    }

    private RunOptions runOptions(int mqttPort, Path trace) {
        return RunOptions.builder(MqttSettings.plain("127.0.0.1", mqttPort))
                .speed(30 * 86_400.0 / 90)
                .simDuration(Duration.ofDays(30))
                .faults(FaultRates.none().with(FaultKind.DUP_REDELIVERY, 0.05).with(FaultKind.REORDER, 0.05)
                        .with(FaultKind.RECONNECT_STORM, 1.0))
                .trace(trace)
                .drainTimeout(Duration.ofMinutes(3))
                .build();
    }

    private ServiceProcess process(String name, Service service, Map<String, String> env, int healthPort,
                                   Path logback) {
        return remember(new ServiceProcess(name, service, env, ServiceEnv.jvmOptions(logback),
                dir.resolve("logs/" + name + ".log"), healthPort));
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.add(component);
        return component;
    }

    private static String minInsyncReplicas(KafkaTestCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TELEMETRY);
            ConfigEntry entry = admin.describeConfigs(List.of(topic)).all().get().get(topic).get("min.insync.replicas");
            return entry.value();
        }
    }

    private static void awaitCredentials(SystemReader reader, Set<String> serials) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!reader.keys(Topics.CREDENTIALS).containsAll(serials) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    private static List<OrderRow> awaitFinal(SystemReader reader, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<OrderRow> rows = reader.orders();
        while (!FinalStateAudit.settled(rows) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            rows = reader.orders();
        }
        return rows;
    }

    /** Paces the fault schedule (a timeline, not synchronisation: nothing is awaited by sleeping). */
    private static void waitUntil(long startNanos, Duration offset) throws InterruptedException {
        long wait = startNanos + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
