package io.inkflow.stack.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Topics;
import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.stack.chaos.GatewayProbe;
import io.inkflow.stack.chaos.KafkaProcessCluster;
import io.inkflow.stack.chaos.Service;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.stack.chaos.ServiceProcess;
import io.inkflow.stack.chaos.SystemReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * High availability as deployed: three Kafka nodes (KRaft, broker and controller combined; replication factor
 * 3, min in-sync replicas 2) and every service in a process of its own, two gateways behind HAProxy (TCP,
 * health-checked on {@code /health/ready}), the fleet knowing only HAProxy's address. Mid-run one gateway is
 * SIGKILLed for good (its printers must find the other through the proxy, with no restart), then the leader
 * of telemetry partition 0 is SIGKILLed and later started again, then the active controller likewise. The
 * chaos run's oracle must hold afterwards.
 *
 * <p>Needs Debian's {@code haproxy}: skipped without it, failed without it under {@code CI=true}.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ClusterFailoverIT {
    private static final Logger log = LoggerFactory.getLogger(ClusterFailoverIT.class);
    private static final String ADMIN_TOKEN = "cluster-admin-token-0123456789";
    private static final Duration READY = Duration.ofMinutes(3);
    private static final int PRINTERS = 16;
    private static final Duration FLEET_RUN = Duration.ofSeconds(80);

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
    void oracleHoldsWhenAGatewayThePartitionLeaderAndTheActiveControllerAreKilled() throws Exception {
        Path haproxyExecutable = Haproxy.executable();
        rig = new ProcessRig(dir);
        KafkaProcessCluster cluster = rig.remember(
                KafkaProcessCluster.start(dir.resolve("kafka"), rig.logs(), rig.jvmOptions(), 3));
        cluster.createInkflowTopics(3);
        String kafka = cluster.bootstrapServers();
        PostgresServer postgres = rig.remember(PostgresServer.start(dir.resolve("postgres"), rig.logs().resolve("postgres.log")));

        int[] ports = FreePorts.pick(7);
        int api = ports[0];
        int streamsHttp = ports[1];
        int mqttA = ports[2];
        int httpA = ports[3];
        int mqttB = ports[4];
        int httpB = ports[5];
        List<ServiceProcess> services = List.of(
                rig.process("dispatcher", Service.DISPATCHER,
                        ServiceEnv.dispatcher(kafka, postgres, api, ADMIN_TOKEN, "NONE", 0), api),
                rig.process("streams", Service.STREAMS, ServiceEnv.streams(kafka, dir.resolve("streams"), streamsHttp),
                        streamsHttp),
                rig.process("gateway-a", Service.GATEWAY, ServiceEnv.gateway(kafka, mqttA, httpA), httpA),
                rig.process("gateway-b", Service.GATEWAY, ServiceEnv.gateway(kafka, mqttB, httpB), httpB));
        services.forEach(ServiceProcess::start);
        for (ServiceProcess service : services) {
            service.awaitReady(READY);
        }
        ServiceProcess gatewayA = services.get(2);
        ServiceProcess gatewayB = services.get(3);
        Haproxy haproxy = rig.remember(Haproxy.start(haproxyExecutable, dir, ports[6], List.of(
                new Haproxy.Backend("gateway-a", mqttA, httpA), new Haproxy.Backend("gateway-b", mqttB, httpB))));
        log.info("Cluster stack up [kafka={}, haproxy={}]", kafka, haproxy.port());

        URI apiUri = URI.create("http://127.0.0.1:" + api);
        Fleet fleet = FleetProvisioner.provision(ProvisionOptions.of(apiUri, ADMIN_TOKEN, PRINTERS, 13L));
        Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
        SystemReader reader = new SystemReader(kafka, postgres);
        FleetChecks.awaitCredentials(reader, serials);
        Path trace = dir.resolve("trace.jsonl");
        RunningFleet running = rig.remember(
                FleetRunner.start(fleet, FleetChecks.runOptions(haproxy.port(), trace, 30, FLEET_RUN)));
        long start = System.nanoTime();

        await("printers on both gateways").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> connections(httpA) > 0 && connections(httpB) > 0);
        ProcessRig.waitUntil(start, Duration.ofSeconds(15));
        log.info("Killing gateway-a for good [connections={}]", connections(httpA));
        gatewayA.kill();
        await("every printer on gateway-b through HAProxy").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500)).until(() -> connections(httpB) == PRINTERS);

        ProcessRig.waitUntil(start, Duration.ofSeconds(30));
        int leader = cluster.leaderOf(Topics.TELEMETRY, 0);
        log.info("Killing the leader of {}-0 [node={}]", Topics.TELEMETRY, leader);
        cluster.kill(leader);
        await("another leader of " + Topics.TELEMETRY + "-0").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> cluster.leaderOf(Topics.TELEMETRY, 0), now -> now != -1 && now != leader);
        ProcessRig.waitUntil(start, Duration.ofSeconds(40));
        cluster.restart(leader);
        cluster.awaitFullyReplicated(Duration.ofMinutes(2));

        int controller = cluster.activeController();
        log.info("Killing the active controller [node={}]", controller);
        cluster.kill(controller);
        await("another active controller").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(cluster::activeController, now -> now != controller);
        ProcessRig.waitUntil(start, Duration.ofSeconds(65));
        cluster.restart(controller);
        cluster.awaitFullyReplicated(Duration.ofMinutes(2));

        assertThat(running.awaitCompletion(Duration.ofMinutes(5))).as("the fleet finished and drained").isTrue();
        running.close();
        FleetChecks.Outcome outcome = FleetChecks.judge(List.of(running), List.of(trace), reader, apiUri, ADMIN_TOKEN,
                serials, Duration.ofMinutes(3));
        log.info("Cluster failover checks [reportsAcked={}, expectedOrders={}, seconds={}]{}{}", outcome.reportsAcked(),
                outcome.expectedOrders(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                System.lineSeparator(), outcome.describe());

        assertThat(outcome.expectedOrders()).as("the run must make orders to judge").isPositive();
        assertThat(gatewayA.alive()).as("gateway-a stays dead").isFalse();
        assertThat(gatewayA.starts()).isEqualTo(1);
        assertThat(gatewayB.starts()).isEqualTo(1);
        assertThat(services.stream().filter(s -> s != gatewayA)).allSatisfy(s -> assertThat(s.alive()).isTrue());
        assertThat(outcome.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.describe()).isTrue());
    }

    /** The gateway's {@code gateway_connections} gauge (-1 when the gateway does not answer). */
    private static long connections(int gatewayHttpPort) throws InterruptedException {
        try (GatewayProbe probe = new GatewayProbe(gatewayHttpPort)) {
            return probe.sample().map(GatewayProbe.Sample::connections).orElse(-1L);
        }
    }
}
