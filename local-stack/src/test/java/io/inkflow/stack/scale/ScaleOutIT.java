package io.inkflow.stack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.Topics;
import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.stack.chaos.Service;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.stack.chaos.ServiceProcess;
import io.inkflow.stack.chaos.SystemReader;
import io.inkflow.testkit.KafkaTestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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

    private ProcessRig rig;

    @AfterEach
    void closeEverything() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void oracleHoldsWhenOneOfEachServiceAndOneBrokerDieMidRun() throws Exception {
        rig = new ProcessRig(dir);
        KafkaTestCluster cluster = rig.remember(KafkaTestCluster.start(dir.resolve("kafka"), 3, Map.of()));
        cluster.createInkflowTopics(3, (short) 3);
        assertThat(minInsyncReplicas(cluster)).isEqualTo("2");
        String kafka = cluster.bootstrapServers();
        PostgresServer postgres = rig.remember(PostgresServer.start(dir.resolve("postgres"), dir.resolve("logs/postgres.log")));

        int[] ports = FreePorts.pick(8);
        int apiA = ports[0];
        ServiceProcess dispatcherA = rig.process("dispatcher-a", Service.DISPATCHER,
                ServiceEnv.dispatcher(kafka, postgres, apiA, ADMIN_TOKEN, "NONE", 0), apiA);
        dispatcherA.start();
        dispatcherA.awaitReady(READY); // migrations run once, before the second instance starts
        int apiB = ports[1];
        ServiceProcess dispatcherB = rig.process("dispatcher-b", Service.DISPATCHER,
                ServiceEnv.dispatcher(kafka, postgres, apiB, ADMIN_TOKEN, "NONE", 0), apiB);
        int streamsPortA = ports[2];
        int streamsPortB = ports[3];
        ServiceProcess streamsA = rig.process("streams-a", Service.STREAMS,
                ServiceEnv.streams(kafka, dir.resolve("streams-a"), streamsPortA), streamsPortA);
        ServiceProcess streamsB = rig.process("streams-b", Service.STREAMS,
                ServiceEnv.streams(kafka, dir.resolve("streams-b"), streamsPortB), streamsPortB);
        int mqttA = ports[4];
        int mqttB = ports[5];
        int gatewayHttpA = ports[6];
        int gatewayHttpB = ports[7];
        ServiceProcess gatewayA = rig.process("gateway-a", Service.GATEWAY,
                ServiceEnv.gateway(kafka, mqttA, gatewayHttpA), gatewayHttpA);
        ServiceProcess gatewayB = rig.process("gateway-b", Service.GATEWAY,
                ServiceEnv.gateway(kafka, mqttB, gatewayHttpB), gatewayHttpB);
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
        FleetChecks.awaitCredentials(reader, serials);
        List<FleetPrinter> printers = fleet.printers();
        Fleet half1 = new Fleet(fleet.seed(), fleet.apiBaseUrl(), fleet.createdAt(), printers.subList(0, printers.size() / 2));
        Fleet half2 = new Fleet(fleet.seed(), fleet.apiBaseUrl(), fleet.createdAt(),
                printers.subList(printers.size() / 2, printers.size()));

        Path traceA = dir.resolve("trace-a.jsonl");
        Path traceB = dir.resolve("trace-b.jsonl");
        RunningFleet fleetA = FleetRunner.start(half1, FleetChecks.runOptions(mqttA, traceA, 30, Duration.ofSeconds(90)));
        RunningFleet fleetB = FleetRunner.start(half2, FleetChecks.runOptions(mqttB, traceB, 30, Duration.ofSeconds(90)));
        long start = System.nanoTime();

        ProcessRig.waitUntil(start, Duration.ofSeconds(15));
        log.info("Killing streams-b for good");
        streamsB.kill();
        ProcessRig.waitUntil(start, Duration.ofSeconds(25));
        log.info("Killing dispatcher-b for good");
        dispatcherB.kill();
        ProcessRig.waitUntil(start, Duration.ofSeconds(35));
        log.info("Shutting Kafka node 3 down for good");
        CompletableFuture.runAsync(() -> cluster.stopNode(2)).get(3, TimeUnit.MINUTES);
        ProcessRig.waitUntil(start, Duration.ofSeconds(50));
        log.info("Killing gateway-b and starting it again");
        gatewayB.kill();
        gatewayB.start();
        gatewayB.awaitReady(READY);

        Duration finish = Duration.ofMinutes(8);
        assertThat(fleetA.awaitCompletion(finish)).isTrue();
        assertThat(fleetB.awaitCompletion(finish)).isTrue();
        fleetA.close();
        fleetB.close();

        FleetChecks.Outcome outcome = FleetChecks.judge(List.of(fleetA, fleetB), List.of(traceA, traceB), reader,
                URI.create(api), ADMIN_TOKEN, serials, Duration.ofMinutes(3));
        log.info("Scale-out checks [reportsAcked={}, expectedOrders={}]{}{}", outcome.reportsAcked(),
                outcome.expectedOrders(), System.lineSeparator(), outcome.describe());

        assertThat(outcome.expectedOrders()).as("the run must make orders to judge").isPositive();
        assertThat(streamsA.alive()).isTrue();
        assertThat(dispatcherA.alive()).isTrue();
        assertThat(cluster.running(2)).isFalse();
        assertThat(outcome.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.describe()).isTrue());
    }

    private static String minInsyncReplicas(KafkaTestCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TELEMETRY);
            ConfigEntry entry = admin.describeConfigs(List.of(topic)).all().get().get(topic).get("min.insync.replicas");
            return entry.value();
        }
    }
}
