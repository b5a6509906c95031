package io.inkflow.gateway.kafka;

import io.inkflow.gateway.ingest.ReportSink;
import io.inkflow.gateway.ingest.SinkUnavailableException;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.config.KafkaSecurity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes reports to {@link Topics#TELEMETRY} and rejections to {@link Topics#TELEMETRY_REJECTED}
 * with an idempotent, acks=all producer. A stage completes when Kafka acknowledged the record, so
 * the gateway's PUBACK always follows Kafka's. While the broker is away the producer retries
 * until the delivery timeout; only then does the stage fail.
 *
 * <p>When every broker is gone for long, the producer forgets the topics' partitions, and send()
 * would then wait {@code max.block.ms} on the event loop for metadata that cannot come. The first
 * send to meet that opens a breaker: later ones fail at once (the report is not acknowledged, the
 * printer resends it) while a thread of the sink's own asks Kafka for the metadata until it answers,
 * and closes the breaker. So an outage of all of Kafka stalls an event loop once, not once per report.
 */
public final class KafkaReportSink implements ReportSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaReportSink.class);
    /**
     * send() runs on Netty event loops and must not block them: metadata is fetched at start and
     * kept, and the gateway's own in-flight budget keeps the buffer from filling, so this bound is
     * only a safety net (and the breaker below keeps an outage from meeting it on every report).
     */
    private static final int MAX_BLOCK_MS = 500;

    private static final Duration REFETCH_PAUSE = Duration.ofMillis(500);

    private final KafkaProducer<String, byte[]> producer;
    private final JsonSerde<RejectedRecord> rejectedSerde = JsonSerde.of(RejectedRecord.class);
    private final AtomicBoolean metadataLost = new AtomicBoolean();
    private final AtomicLong blockedSends = new AtomicLong();
    private final AtomicLong refusedSends = new AtomicLong();
    private final ExecutorService refetcher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("gateway-kafka-metadata").daemon().factory());

    /** {@code linger}: how long a batch waits for more records before it is sent; every PUBACK waits for it too. */
    public KafkaReportSink(String bootstrapServers, KafkaSecurity security, Duration deliveryTimeout, long bufferBytes,
                           Duration linger) {
        this.producer = new KafkaProducer<>(properties(bootstrapServers, security, deliveryTimeout, bufferBytes, linger),
                new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> properties(String bootstrapServers, KafkaSecurity security, Duration deliveryTimeout,
                                          long bufferBytes, Duration linger) {
        int delivery = (int) Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis());
        int lingerMillis = (int) linger.toMillis();
        Map<String, Object> p = new HashMap<>(security.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "telemetry-gateway");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight to each broker: what arrives meanwhile waits for its answer and leaves together in
        // the next, so without a linger a quiet gateway sends each report at once and a busy one batches by itself.
        // At 5,000/s on two cores its PUBACK p99 was 2.7 to 3.8 ms against 3.5 to 5.7 with five in flight
        // (docs/decisions.md). Idempotence keeps the order and the exactly-once either way.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - lingerMillis));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        // A topic idle for a while must not drop out of the metadata and make send() block.
        p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) Duration.ofDays(1).toMillis());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return p;
    }

    /** Fetches the topics' metadata so the first send() does not wait for it; false when Kafka is not reachable. */
    public boolean warmUp() {
        try {
            fetchMetadata();
            return true;
        } catch (KafkaException e) {
            log.warn("Kafka metadata not available yet", e);
            return false;
        }
    }

    /** Blocks up to {@code max.block.ms} per topic; throws when Kafka does not answer. */
    private void fetchMetadata() {
        producer.partitionsFor(Topics.TELEMETRY);
        producer.partitionsFor(Topics.TELEMETRY_REJECTED);
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
        if (metadataLost.get()) {
            refusedSends.incrementAndGet();
            stored.completeExceptionally(new SinkUnavailableException(
                    "Kafka unavailable: no metadata for the gateway's topics; the report was not sent"));
            return stored;
        }
        Thread caller = Thread.currentThread();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    stored.complete(null);
                    return;
                }
                // The producer hands a failure inside send() to the callback on the caller's thread; a timeout
                // there means send() waited max.block.ms, for metadata (or, rarely, for buffer space).
                if (error instanceof TimeoutException timeout && Thread.currentThread() == caller) {
                    blockedSends.incrementAndGet();
                    openBreaker(timeout);
                }
                stored.completeExceptionally(error);
            });
        } catch (KafkaException | IllegalStateException e) {
            stored.completeExceptionally(e);
        }
        return stored;
    }

    private void openBreaker(TimeoutException cause) {
        if (!metadataLost.compareAndSet(false, true)) {
            return;
        }
        log.warn("Kafka has no metadata for the gateway's topics; refusing reports at once until it answers",
                cause);
        try {
            refetcher.execute(this::refetchUntilKafkaAnswers);
        } catch (RejectedExecutionException e) {
            // closing: nothing more will be sent
        }
    }

    private void refetchUntilKafkaAnswers() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                fetchMetadata();
                metadataLost.set(false);
                log.info("Kafka answers again; accepting reports [refusedMeanwhile={}]", refusedSends.get());
                return;
            } catch (KafkaException e) {
                log.debug("Kafka metadata still not available", e);
            }
            try {
                Thread.sleep(REFETCH_PAUSE);
            } catch (InterruptedException e) {
                return; // closing
            }
        }
    }

    @Override
    public boolean available() {
        return !metadataLost.get();
    }

    /** Sends that waited {@code max.block.ms} on the calling (event-loop) thread and failed. */
    public long blockedSends() {
        return blockedSends.get();
    }

    /** Reports refused at once while the metadata was lost. */
    public long refusedSends() {
        return refusedSends.get();
    }

    /** Exposes the producer's own metrics (record send rate, request latency, buffer use). */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        Gauge.builder("gateway.kafka.metadata.lost", metadataLost, lost -> lost.get() ? 1 : 0)
                .description("1 while reports are refused at once because Kafka gave no metadata").register(registry);
        FunctionCounter.builder("gateway.kafka.sends.blocked", blockedSends, AtomicLong::get)
                .description("Sends that waited max.block.ms on an event loop and failed").register(registry);
        FunctionCounter.builder("gateway.kafka.sends.refused", refusedSends, AtomicLong::get)
                .description("Reports refused at once while Kafka gave no metadata").register(registry);
        return clientMetrics;
    }

    /** Waits up to {@code timeout} for everything sent to be acknowledged, then closes the producer. */
    public void close(Duration timeout) {
        refetcher.shutdownNow();
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
