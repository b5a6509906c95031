package io.inkflow.stack.bench;

import io.inkflow.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When each order became readable to a {@code read_committed} consumer, that is when the streams transaction
 * that wrote it committed, as a consumer like the dispatcher's sees it: a thread of its own polls the orders
 * topic from its end and notes the wall-clock time each report's first order arrived. It fetches as the
 * dispatcher does ({@code fetch.min.bytes} 1), so the time between this and the row's {@code ingested_at} is the
 * dispatcher's own poll and the start of its transaction.
 */
final class OrderVisibility implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Instant> visible = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    OrderVisibility(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 25);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS, TIMEOUT).stream()
                .map(p -> new TopicPartition(Topics.ORDERS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, TIMEOUT));
        this.poller = Thread.ofPlatform().name("bench-order-visibility").daemon().start(this::poll);
    }

    /** When the order made by the report of {@code key} was first readable; null if it was not seen. */
    Instant of(String key) {
        return visible.get(key);
    }

    private void poll() {
        try {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                Instant now = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String key = ChainReports.key(record.value(), "reportSequence");
                    if (key != null) {
                        visible.putIfAbsent(key, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        poller.join(TIMEOUT.toMillis());
    }
}
