package io.inkflow.stack.chaos;

import io.inkflow.schemas.Topics;
import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.schemas.embedded.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InkFlow for a chaos run: Kafka nodes and the gateway, streams application and dispatcher each in a
 * process of its own (the services from their runnable jars when the build names them, see
 * {@link ServiceProcess#deployed}), on fixed ports so that a killed one comes back where printers and clients
 * expect it, and PostgreSQL that can be crashed.
 */
public final class ChaosStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChaosStack.class);
    static final String ADMIN_TOKEN = "chaos-admin-token-0123456789";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final int START_ATTEMPTS = 3;
    private final ChaosConfig config;
    private final Function<Path, List<String>> jvmOptions;
    private final Map<Service, Map<String, String>> envOverrides;
    private final Path runDir;
    private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> incarnations = new EnumMap<>(Service.class);
    private final int mqttPort = FreePorts.one();
    private final int gatewayHttpPort = FreePorts.one();
    private final int streamsHttpPort = FreePorts.one();
    private final int dispatcherHttpPort = FreePorts.one();
    private final List<OutageAudit.Observation> outages = new ArrayList<>();
    private KafkaProcessCluster kafka;
    private PostgresServer postgres;
    private Path serviceLogback;

    private ChaosStack(ChaosConfig config, Function<Path, List<String>> jvmOptions,
                       Map<Service, Map<String, String>> envOverrides) {
        this.config = config;
        this.jvmOptions = jvmOptions;
        this.envOverrides = Map.copyOf(envOverrides);
        this.runDir = config.runDir().toAbsolutePath();
    }

    public static ChaosStack start(ChaosConfig config) throws InterruptedException {
        return start(config, ServiceEnv::jvmOptions, Map.of());
    }

    /**
     * @param jvmOptions   the service processes' JVM options, given the path of their logback configuration
     * @param envOverrides variables that replace or add to a service's {@link ServiceEnv} environment
     */
    public static ChaosStack start(ChaosConfig config, Function<Path, List<String>> jvmOptions,
                                   Map<Service, Map<String, String>> envOverrides) throws InterruptedException {
        ChaosStack stack = new ChaosStack(config, jvmOptions, envOverrides);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws InterruptedException {
        try {
            Files.createDirectories(runDir.resolve("logs"));
            serviceLogback = runDir.resolve("logback-service.xml");
            Files.writeString(serviceLogback, ServiceEnv.LOGBACK);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + runDir, e);
        }
        kafka = KafkaProcessCluster.start(runDir.resolve("kafka"), runDir.resolve("logs"), jvmOptions(),
                config.kafkaNodes());
        kafka.createInkflowTopics(config.partitions());
        postgres = PostgresServer.start(runDir.resolve("postgres"), runDir.resolve("logs/postgres.log"));

        launch(Service.DISPATCHER);
        CompletableFuture<Void> streams = CompletableFuture.runAsync(() -> launchUnchecked(Service.STREAMS));
        CompletableFuture<Void> gateway = CompletableFuture.runAsync(() -> launchUnchecked(Service.GATEWAY));
        CompletableFuture.allOf(streams, gateway).join();
        log.info("Chaos stack started [kafka={}, postgres={}, mqttPort={}, apiPort={}]",
                kafka.bootstrapServers(), postgres.port(), mqttPort, dispatcherHttpPort);
    }

    private void launchUnchecked(Service service) {
        try {
            launch(service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + service.label(), e);
        }
    }

    /** Starts a fresh process of the service and waits until it is ready; retries a start that dies. */
    private void launch(Service service) throws InterruptedException {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int incarnation;
            synchronized (incarnations) {
                incarnation = incarnations.merge(service, 1, Integer::sum);
            }
            String name = service.label() + "-" + incarnation;
            List<String> options = new ArrayList<>(jvmOptions());
            // The collector's pauses, for reading a latency tail (the chain benchmark sums them up); with the wall
            // clock, to lay them beside the slowest reports' times.
            options.add("-Xlog:gc:file=" + runDir.resolve("logs/" + name + "-gc.log") + ":time,uptime,level,tags");
            ServiceProcess process = ServiceProcess.deployed(name, service, env(service, incarnation), options,
                    runDir.resolve("logs/" + name + ".log"), healthPort(service));
            synchronized (processes) {
                processes.put(service, process);
            }
            process.start();
            try {
                process.awaitReady(READY_TIMEOUT);
                return;
            } catch (IllegalStateException e) {
                last = e;
                log.warn("Service did not come up, starting it again [name={}, attempt={}]",
                        name, attempt, e);
                process.kill();
            }
        }
        throw last;
    }

    /** SIGKILL, then a new process on the same ports and state; returns once it is ready again. */
    public void killAndRestart(Service service) throws InterruptedException {
        process(service).kill();
        launch(service);
    }

    /** Immediate stop, {@code downtime} without a database, then the same data directory again. */
    public void crashPostgres(Duration downtime) throws InterruptedException {
        postgres.stopImmediately();
        Thread.sleep(downtime.toMillis());
        postgres.startAgain(Duration.ofMinutes(2));
    }

    /** SIGTERM, then a new process on the same ports and state; returns once it is ready again. */
    public void stopAndRestart(Service service) throws InterruptedException {
        process(service).stop();
        launch(service);
    }

    /**
     * SIGKILL of the Kafka node in {@code role}; once another node holds the role, the killed one is started
     * again, and this returns when every replica is back in sync.
     */
    public void killBroker(Fault.BrokerRole role) throws InterruptedException {
        int node = holderOf(role);
        log.info("Killing a Kafka node [role={}, node={}]", role, node);
        kafka.kill(node);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int now = -1;
        while (now == -1 || now == node) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No other Kafka node took the " + role.label() + " role over");
            }
            Thread.sleep(500);
            now = tryHolderOf(role);
        }
        log.info("Kafka role taken over [role={}, node={}]", role, now);
        kafka.restart(node);
        kafka.awaitFullyReplicated(Duration.ofMinutes(2));
    }

    private int holderOf(Fault.BrokerRole role) throws InterruptedException {
        int node = tryHolderOf(role);
        if (node == -1) {
            throw new IllegalStateException("No Kafka node holds the " + role.label() + " role");
        }
        return node;
    }

    private int tryHolderOf(Fault.BrokerRole role) throws InterruptedException {
        try {
            return switch (role) {
                case TELEMETRY_LEADER -> kafka.leaderOf(Topics.TELEMETRY, 0);
                case ACTIVE_CONTROLLER -> kafka.activeController();
            };
        } catch (ExecutionException | RuntimeException e) {
            return -1; // asked again while the cluster elects
        }
    }

    /**
     * SIGKILL of every Kafka node, {@code downtime} with no Kafka at all while the gateway is watched once a
     * second, then every node started again; returns when every replica is in sync and each service is ready
     * again by itself (none is restarted).
     */
    public void kafkaOutage(Duration downtime) throws InterruptedException {
        ServiceProcess gateway = process(Service.GATEWAY);
        long pid = gateway.pid();
        try (GatewayProbe probe = new GatewayProbe(gatewayHttpPort)) {
            Optional<GatewayProbe.Sample> before = probe.sample();
            long heapBefore = before.map(GatewayProbe.Sample::heapUsedBytes).orElse(-1L);
            GatewayProbe.Sample last = before.orElse(null);
            kafka.killAll();
            long end = System.nanoTime() + downtime.toNanos();
            int samples = 0;
            int unanswered = 0;
            long maxConnections = 0;
            long maxInflight = 0;
            long maxHeap = 0;
            while (System.nanoTime() < end) {
                Optional<GatewayProbe.Sample> sample = probe.sample();
                samples++;
                if (sample.isEmpty()) {
                    unanswered++;
                } else {
                    maxConnections = Math.max(maxConnections, sample.get().connections());
                    maxInflight = Math.max(maxInflight, sample.get().inflight());
                    maxHeap = Math.max(maxHeap, sample.get().heapUsedBytes());
                    last = sample.get();
                }
                Thread.sleep(Math.max(0, Math.min(1_000, (end - System.nanoTime()) / 1_000_000)));
            }
            kafka.restartAll();
            kafka.awaitFullyReplicated(Duration.ofMinutes(2));
            boolean samePid = gateway.alive() && gateway.pid() == pid && process(Service.GATEWAY) == gateway;
            synchronized (outages) {
                long blocked = before.isEmpty() || last == null ? -1 : last.blockedSends() - before.get().blockedSends();
                long refused = before.isEmpty() || last == null ? -1 : last.refusedSends() - before.get().refusedSends();
                outages.add(new OutageAudit.Observation(samples, unanswered, samePid, maxConnections, maxInflight,
                        ServiceEnv.GATEWAY_MAX_INFLIGHT_PER_CONNECTION, heapBefore, maxHeap, blocked, refused));
            }
        }
        for (Service service : Service.values()) {
            process(service).awaitReady(READY_TIMEOUT);
        }
    }

    /** Each service in turn stopped and started again, then each Kafka node: see {@link Fault.RollingRestart}. */
    public void rollingRestart() throws InterruptedException {
        for (Service service : List.of(Service.DISPATCHER, Service.STREAMS, Service.GATEWAY)) {
            stopAndRestart(service);
        }
        kafka.rollingRestart();
    }

    public void inject(Fault fault) throws InterruptedException {
        switch (fault) {
            case Fault.Kill kill -> killAndRestart(kill.service());
            case Fault.RestartPostgres restart -> crashPostgres(config.postgresDowntime());
            case Fault.KillBroker kill -> killBroker(kill.role());
            case Fault.KafkaOutage outage -> kafkaOutage(outage.downtime());
            case Fault.RollingRestart restart -> rollingRestart();
        }
    }

    /** What was seen of the gateway during each Kafka outage so far. */
    public List<OutageAudit.Observation> outages() {
        synchronized (outages) {
            return List.copyOf(outages);
        }
    }

    private ServiceProcess process(Service service) {
        synchronized (processes) {
            return processes.get(service);
        }
    }

    private Map<String, String> env(Service service, int incarnation) {
        Map<String, String> env = new HashMap<>(baseEnv(service, incarnation));
        env.putAll(envOverrides.getOrDefault(service, Map.of()));
        return env;
    }

    private Map<String, String> baseEnv(Service service, int incarnation) {
        return switch (service) {
            case GATEWAY -> ServiceEnv.gateway(kafka.bootstrapServers(), mqttPort, gatewayHttpPort);
            case STREAMS -> ServiceEnv.streams(kafka.bootstrapServers(), runDir.resolve("streams-state"), streamsHttpPort);
            // Odd processes see payment calls time out (nothing charged), even ones see charges whose
            // answer is lost (charged, but the dispatcher does not know): one fault kind per process.
            case DISPATCHER -> ServiceEnv.dispatcher(kafka.bootstrapServers(), postgres, dispatcherHttpPort, ADMIN_TOKEN,
                    incarnation % 2 == 1 ? "TIMEOUT" : "LOSE_RESPONSE", config.paymentFaultRate());
        };
    }

    private List<String> jvmOptions() {
        return jvmOptions.apply(serviceLogback);
    }

    private int healthPort(Service service) {
        return switch (service) {
            case GATEWAY -> gatewayHttpPort;
            case STREAMS -> streamsHttpPort;
            case DISPATCHER -> dispatcherHttpPort;
        };
    }

    /** The service's Prometheus text, {@code /metrics} on its HTTP port. */
    public URI metricsUri(Service service) {
        return URI.create("http://127.0.0.1:" + healthPort(service) + "/metrics");
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public KafkaProcessCluster kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + dispatcherHttpPort;
    }

    public String adminToken() {
        return ADMIN_TOKEN;
    }

    public Path runDir() {
        return runDir;
    }

    /**
     * The process id of each running part of the stack by name: the Kafka nodes ({@code kafka-<id>}), the
     * postmaster ({@code postgres}; its backends are its children) and the services ({@link Service#label()}).
     */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>(kafka.nodePids());
        pids.put("postgres", postgres.postmasterPid());
        for (Service service : Service.values()) {
            ServiceProcess process = process(service);
            if (process != null && process.alive()) {
                pids.put(service.label(), process.pid());
            }
        }
        return pids;
    }

    /** Processes started per service (first start included). */
    public Map<Service, Integer> starts() {
        synchronized (incarnations) {
            return Map.copyOf(incarnations);
        }
    }

    @Override
    public void close() {
        for (Service service : List.of(Service.GATEWAY, Service.STREAMS, Service.DISPATCHER)) {
            ServiceProcess process;
            synchronized (processes) {
                process = processes.get(service);
            }
            if (process != null) {
                process.close();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (RuntimeException e) {
                log.warn("PostgreSQL did not stop cleanly", e);
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

}
