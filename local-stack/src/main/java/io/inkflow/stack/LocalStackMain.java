package io.inkflow.stack;

import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.mqtt.MqttSettings;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts the local stack and a simulated fleet, prints where everything listens and a running
 * count of telemetry and orders until Ctrl-C, which shuts everything down in reverse order.
 * This is a command-line entry point, so it talks to the console directly.
 */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        LocalStackConfig config = LocalStackConfig.fromEnv(System.getenv());
        out.println("Starting InkFlow local stack (logs: .inkflow/local-stack.log) ...");
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopping = new CountDownLatch(1);
        RunningFleet[] fleet = new RunningFleet[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            out.println();
            out.println("Stopping InkFlow local stack ...");
            if (fleet[0] != null) {
                fleet[0].close();
            }
            stack.close();
            out.println("Stopped.");
        }, "local-stack-shutdown"));

        String api = "http://127.0.0.1:" + stack.httpPort();
        out.printf("%n  Kafka      %s%n  MQTT       tcp://127.0.0.1:%d  (printers/{serial}/telemetry, QoS 1)%n"
                        + "  HTTP API   %s/api/v1  (admin token: %s)%n  Dashboard  %s/dashboard%n"
                        + "  Portal     %s/  (customer pages; sign in as %s, password %s)%n"
                        + "  Database   %s%n%n",
                stack.bootstrapServers(), stack.mqttPort(), api, config.adminToken(), api, api, config.demoEmail(),
                config.demoPassword(), stack.jdbcUrl());

        try {
            startFleet(config, stack, api, fleet, out);
        } catch (RuntimeException e) {
            // Without a fleet the stack is still useful, but a newcomer must see why nothing flows.
            out.println("The simulated fleet could not start: " + e);
            e.printStackTrace(out);
            System.exit(1);
        }

        try (Admin admin = stack.broker().admin()) {
            FlowCounter counter = new FlowCounter(admin, stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
            ProgressLine progress = new ProgressLine(out);
            while (!stopping.await(config.progressInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    progress.print(counter.counts(), fleet[0] == null ? null : fleet[0].stats());
                } catch (Exception e) {
                    if (stopping.getCount() == 0) {
                        break;
                    }
                    // A component is restarting: say so and keep counting.
                    out.println("counts unavailable: " + e.getMessage());
                }
            }
        }
    }

    private static void startFleet(LocalStackConfig config, LocalStack stack, String api, RunningFleet[] fleet,
                                   PrintStream out) {
        if (config.printers() > 0) {
            out.printf("Enrolling %d simulated printers through the API ...%n", config.printers());
            // A prefix of its own per start: with LOCAL_STACK_CLEAN=false the old serials are still enrolled.
            String prefix = "LS" + Long.toString(System.currentTimeMillis() / 1000 % 2_176_782_336L, 36).toUpperCase();
            Fleet provisioned = FleetProvisioner.provision(
                    ProvisionOptions.of(URI.create(api), config.adminToken(), config.printers(), config.seed())
                            .withSerialPrefix(prefix));
            Duration simulated = Duration.ofDays(config.simulatedDays());
            fleet[0] = FleetRunner.start(provisioned, RunOptions.builder(MqttSettings.plain("127.0.0.1", stack.mqttPort()))
                    .speed(config.speed())
                    .simDuration(simulated)
                    .build());
            out.printf("Fleet running: %d simulated days at %dx (about %d real minutes). Ctrl-C stops everything.%n%n",
                    config.simulatedDays(), config.speed(), Math.max(1, simulated.toSeconds() / config.speed() / 60));
        }
    }
}
