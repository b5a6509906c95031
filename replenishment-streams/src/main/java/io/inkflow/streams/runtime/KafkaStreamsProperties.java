package io.inkflow.streams.runtime;

import io.inkflow.streams.StreamsConfig;
import io.inkflow.streams.topology.HandlerSupport;
import io.inkflow.streams.topology.RejectingDeserializationHandler;
import io.inkflow.streams.topology.RejectingProcessingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;

/** Translates {@link StreamsConfig} into Kafka Streams properties; the only place that does. */
public final class KafkaStreamsProperties {
    static final int FETCH_MIN_BYTES = 32 * 1024;
    static final Duration FETCH_MAX_WAIT = Duration.ofMillis(20);
    static final Duration GLOBAL_FETCH_MAX_WAIT = Duration.ofMillis(500);
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    private KafkaStreamsProperties() {
    }

    public static Properties of(StreamsConfig config, ReplenishmentMetrics metrics, Clock clock) {
        Properties p = new Properties();
        // the security settings reach every client Kafka Streams makes: consumers, producers, admin
        p.putAll(config.kafkaSecurity().clientProperties());
        p.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2);
        p.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numThreads());
        p.put(org.apache.kafka.streams.StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.numStandbyReplicas());
        p.put(org.apache.kafka.streams.StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
        p.put(org.apache.kafka.streams.StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingDeserializationHandler.class);
        p.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingProcessingHandler.class);
        // The catalog's global thread gets the processing handler too (Kafka 5 default).
        p.put("processing.exception.handler.global.enabled", true);
        p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.sessionTimeoutMs());
        p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                config.sessionTimeoutMs() / 4);
        // Orders must never be lost between the streams app and the broker.
        p.put(org.apache.kafka.streams.StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // Kafka Streams' producer lingers 100 ms, so its records leave when a commit flushes them, every commit
        // interval; but a batch that reaches batch.size (16 KiB by default) leaves at once, in a request of its own.
        // Under load every report writes the printer's state to its changelog, and the producer sent a dozen
        // requests per commit (265 a second at 20,000 reports/s, issue 14), which cost the broker per request.
        // Batches this large leave with the commit's flush, a request or two per commit.
        p.put(org.apache.kafka.streams.StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                PRODUCER_BATCH_BYTES);
        // Fetch reports in handfuls rather than one by one: at a trickle (1,000 reports/s over six partitions) a fetch
        // answered at the first byte brought a record or two, and a profile showed the stream thread's rounds (poll,
        // metrics, readiness checks, commit check) taking more of its time than the records. Waiting up to FETCH_MAX_WAIT for
        // FETCH_MIN_BYTES took the whole chain from about 150% to 127% of one core at 1,000/s, the streams process
        // from 19% to 12% (issue 14, docs/benchmarks.md), for at most that wait on the way to an order; under load
        // the bytes are there at once and nothing waits.
        p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG),
                FETCH_MIN_BYTES);
        p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                (int) FETCH_MAX_WAIT.toMillis());
        // Not the global thread's: its topics (catalog, enrollments) change seldom, so waiting for FETCH_MIN_BYTES
        // only delayed each change by FETCH_MAX_WAIT, and its idle fetches were the application's most frequent
        // requests to the broker (43/s at 1,000 reports/s, issue 14). It answers at the first byte, and an idle fetch
        // waits GLOBAL_FETCH_MAX_WAIT.
        p.put(org.apache.kafka.streams.StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 1);
        p.put(org.apache.kafka.streams.StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                (int) GLOBAL_FETCH_MAX_WAIT.toMillis());
        p.put(HandlerSupport.METRICS_CONFIG, metrics);
        p.put(HandlerSupport.CLOCK_CONFIG, clock);
        return p;
    }
}
