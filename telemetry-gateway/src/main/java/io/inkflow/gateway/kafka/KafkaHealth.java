package io.inkflow.gateway.kafka;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Whether Kafka answered recently, checked in the background so the readiness probe never waits. */
public final class KafkaHealth implements AutoCloseable {
    private static final long INTERVAL_MS = 2_000;

    private final Admin admin;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-health").daemon().factory());
    private volatile boolean reachable;

    public KafkaHealth(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "telemetry-gateway-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_500));
        scheduler.scheduleWithFixedDelay(this::check, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_500)).nodes().get(2, TimeUnit.SECONDS);
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable = false;
        } catch (Exception e) {
            reachable = false;
        }
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
