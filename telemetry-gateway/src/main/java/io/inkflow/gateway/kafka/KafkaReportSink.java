package io.inkflow.gateway.kafka;

import io.inkflow.gateway.ingest.ReportSink;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.config.KafkaSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes reports to {@link Topics#TELEMETRY} and rejections to {@link Topics#TELEMETRY_REJECTED}
 * with an idempotent, acks=all producer. A stage completes when Kafka acknowledged the record, so
 * the gateway's PUBACK always follows Kafka's. While the broker is away the producer retries
 * until the delivery timeout; only then does the stage fail.
 */
public final class KafkaReportSink implements ReportSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaReportSink.class);
    /**
     * send() runs on Netty event loops and must not block them: metadata is fetched at start and
     * kept, and the gateway's own in-flight budget keeps the buffer from filling, so this bound is
     * only a safety net.
     */
    private static final int MAX_BLOCK_MS = 500;
    private static final int LINGER_MS = 2;

    private final KafkaProducer<String, byte[]> producer;
    private final JsonSerde<RejectedRecord> rejectedSerde = JsonSerde.of(RejectedRecord.class);

    public KafkaReportSink(String bootstrapServers, KafkaSecurity security, Duration deliveryTimeout, long bufferBytes) {
        this.producer = new KafkaProducer<>(properties(bootstrapServers, security, deliveryTimeout, bufferBytes),
                new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> properties(String bootstrapServers, KafkaSecurity security, Duration deliveryTimeout,
                                          long bufferBytes) {
        int delivery = (int) Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis());
        Map<String, Object> p = new HashMap<>(security.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "telemetry-gateway");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - LINGER_MS));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        // A topic idle for a while must not drop out of the metadata and make send() block.
        p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) Duration.ofDays(1).toMillis());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return p;
    }

    /** Fetches the topics' metadata so the first send() does not wait for it; false when Kafka is not reachable. */
    public boolean warmUp() {
        try {
            producer.partitionsFor(Topics.TELEMETRY);
            producer.partitionsFor(Topics.TELEMETRY_REJECTED);
            return true;
        } catch (KafkaException e) {
            log.warn("Kafka metadata not available yet", e);
            return false;
        }
    }

    @Override
    public CompletionStage<Void> accept(String serial, byte[] report) {
        return send(new ProducerRecord<>(Topics.TELEMETRY, serial, report));
    }

    @Override
    public CompletionStage<Void> reject(RejectedRecord record) {
        return send(new ProducerRecord<>(Topics.TELEMETRY_REJECTED, record.serial(),
                rejectedSerde.serialize(Topics.TELEMETRY_REJECTED, record)));
    }

    private CompletionStage<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    stored.complete(null);
                } else {
                    stored.completeExceptionally(error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            stored.completeExceptionally(e);
        }
        return stored;
    }

    /** Exposes the producer's own metrics (record send rate, request latency, buffer use). */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        return clientMetrics;
    }

    /** Waits up to {@code timeout} for everything sent to be acknowledged, then closes the producer. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
