package io.inkflow.gateway.kafka;

import io.inkflow.schemas.config.KafkaSecurity;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether Kafka answered recently, checked in the background so the readiness probe never waits. */
public final class KafkaHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaHealth.class);
    private static final long INTERVAL_MS = 2_000;

    private final Admin admin;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-health").daemon().factory());
    private volatile boolean reachable;
    private boolean refusedLogged;

    public KafkaHealth(String bootstrapServers, KafkaSecurity security) {
        Map<String, Object> p = new HashMap<>(security.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "telemetry-gateway-health");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_500);
        this.admin = Admin.create(p);
        scheduler.scheduleWithFixedDelay(this::check, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_500)).nodes().get(2, TimeUnit.SECONDS);
            reachable = true;
            refusedLogged = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable = false;
        } catch (ExecutionException e) {
            reachable = false;
            if (e.getCause() instanceof AuthenticationException && !refusedLogged) {
                // retrying cannot fix a refused login: say so once, loudly, while readiness stays false
                refusedLogged = true;
                log.error("Kafka refused the gateway's login; check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and"
                        + " KAFKA_SSL_* [reason={}]", e.getCause().getMessage(), e);
            }
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
