package io.inkflow.stack.chaos;

import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.stack.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InkFlow for a chaos run: an in-process KRaft broker, PostgreSQL that can be crashed, and the
 * gateway, streams application and dispatcher each in a JVM of its own on fixed ports, so that a
 * killed service comes back where printers and clients expect it.
 */
public final class ChaosStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChaosStack.class);
    static final String ADMIN_TOKEN = "chaos-admin-token-0123456789";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final int START_ATTEMPTS = 3;
    private final ChaosConfig config;
    private final Function<Path, List<String>> jvmOptions;
    private final Path runDir;
    private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> incarnations = new EnumMap<>(Service.class);
    private final int mqttPort = freePort();
    private final int gatewayHttpPort = freePort();
    private final int streamsHttpPort = freePort();
    private final int dispatcherHttpPort = freePort();
    private EmbeddedKafkaBroker broker;
    private PostgresServer postgres;
    private Path serviceLogback;

    private ChaosStack(ChaosConfig config, Function<Path, List<String>> jvmOptions) {
        this.config = config;
        this.jvmOptions = jvmOptions;
        this.runDir = config.runDir().toAbsolutePath();
    }

    public static ChaosStack start(ChaosConfig config) throws InterruptedException {
        return start(config, ServiceEnv::jvmOptions);
    }

    /** @param jvmOptions the service processes' JVM options, given the path of their logback configuration */
    public static ChaosStack start(ChaosConfig config, Function<Path, List<String>> jvmOptions)
            throws InterruptedException {
        ChaosStack stack = new ChaosStack(config, jvmOptions);
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
        broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0, config.partitions());
        postgres = PostgresServer.start(runDir.resolve("postgres"), runDir.resolve("logs/postgres.log"));

        launch(Service.DISPATCHER);
        CompletableFuture<Void> streams = CompletableFuture.runAsync(() -> launchUnchecked(Service.STREAMS));
        CompletableFuture<Void> gateway = CompletableFuture.runAsync(() -> launchUnchecked(Service.GATEWAY));
        CompletableFuture.allOf(streams, gateway).join();
        log.info("Chaos stack started [kafka={}, postgres={}, mqttPort={}, apiPort={}]",
                broker.bootstrapServers(), postgres.port(), mqttPort, dispatcherHttpPort);
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
            ServiceProcess process = new ServiceProcess(name, service, env(service, incarnation), jvmOptions(),
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
        ServiceProcess process;
        synchronized (processes) {
            process = processes.get(service);
        }
        process.kill();
        launch(service);
    }

    /** Immediate stop, {@code downtime} without a database, then the same data directory again. */
    public void crashPostgres(Duration downtime) throws InterruptedException {
        postgres.stopImmediately();
        Thread.sleep(downtime.toMillis());
        postgres.startAgain(Duration.ofMinutes(2));
    }

    public void inject(Fault fault) throws InterruptedException {
        switch (fault) {
            case Fault.Kill kill -> killAndRestart(kill.service());
            case Fault.RestartPostgres restart -> crashPostgres(config.postgresDowntime());
        }
    }

    private Map<String, String> env(Service service, int incarnation) {
        return switch (service) {
            case GATEWAY -> ServiceEnv.gateway(broker.bootstrapServers(), mqttPort, gatewayHttpPort);
            case STREAMS -> ServiceEnv.streams(broker.bootstrapServers(), runDir.resolve("streams-state"), streamsHttpPort);
            // Odd processes see payment calls time out (nothing charged), even ones see charges whose
            // answer is lost (charged, but the dispatcher does not know): one fault kind per process.
            case DISPATCHER -> ServiceEnv.dispatcher(broker.bootstrapServers(), postgres, dispatcherHttpPort, ADMIN_TOKEN,
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

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
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
        if (broker != null) {
            broker.close();
        }
    }

    /** A port free on 127.0.0.1 now, for a process that binds it a moment later. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }
}
