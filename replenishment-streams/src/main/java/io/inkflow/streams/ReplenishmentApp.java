package io.inkflow.streams;

import io.inkflow.schemas.Topics;
import io.inkflow.schemas.metrics.JvmMeters;
import io.inkflow.streams.http.StatusServer;
import io.inkflow.streams.runtime.KafkaStreamsProperties;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import io.inkflow.streams.runtime.StateTracker;
import io.inkflow.streams.runtime.ThreadRecoveryHandler;
import io.inkflow.streams.topology.ReplenishmentTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running replenishment streams service: the Kafka Streams client with its handlers, metrics and
 * the status HTTP server. All wiring happens in {@link #start(StreamsConfig)}; {@link #close()} undoes
 * it in reverse order.
 */
public final class ReplenishmentApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplenishmentApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> SOURCE_TOPICS = List.of(Topics.TELEMETRY, Topics.ENROLLMENTS, Topics.MODEL_CATALOG);

    private final PrometheusMeterRegistry registry;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final StateTracker stateTracker;
    private final StatusServer http;

    private ReplenishmentApp(PrometheusMeterRegistry registry, KafkaStreams streams, KafkaStreamsMetrics streamsMetrics,
                             StateTracker stateTracker, StatusServer http) {
        this.registry = registry;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.stateTracker = stateTracker;
        this.http = http;
    }

    /** Starts the service; returns at once, the client reaches RUNNING in the background. */
    public static ReplenishmentApp start(StreamsConfig config) {
        return start(config, Clock.systemUTC());
    }

    static ReplenishmentApp start(StreamsConfig config, Clock clock) {
        requireSourceTopics(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters.bindTo(registry);
        ReplenishmentMetrics metrics = new ReplenishmentMetrics(registry);
        KafkaStreams streams = new KafkaStreams(ReplenishmentTopology.build(config, metrics),
                KafkaStreamsProperties.of(config, metrics, clock));
        StateTracker stateTracker = new StateTracker(registry);
        streams.setStateListener(stateTracker);
        streams.setUncaughtExceptionHandler(new ThreadRecoveryHandler(registry, clock));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        StatusServer http;
        try {
            http = StatusServer.start(config.httpHost(), config.httpPort(), registry, streams::state);
        } catch (RuntimeException e) {
            streamsMetrics.close();
            streams.close(CLOSE_TIMEOUT);
            registry.close();
            throw e;
        }
        streams.start();
        log.info("Replenishment streams started [applicationId={}, stateDir={}, threads={}, httpPort={}]",
                config.applicationId(), config.stateDir(), config.numThreads(), http.port());
        return new ReplenishmentApp(registry, streams, streamsMetrics, stateTracker, http);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        http.close();
        // Leaving the group hands the partitions over at once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        streamsMetrics.close();
        registry.close();
        log.info("Replenishment streams stopped [state={}]", stateTracker.current());
    }

    /** Fails fast with the names of missing topics instead of a stream thread dying on them later. */
    private static void requireSourceTopics(StreamsConfig config) {
        Map<String, Object> properties = new HashMap<>(config.kafkaSecurity().clientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = SOURCE_TOPICS.stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Missing Kafka topics " + missing
                        + "; create them with TopicSetup.ensureTopics before starting the streams service");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot reach Kafka at " + config.bootstrapServers() + " to check topics: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
    }
}
