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
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When each order was appended to the orders topic and when it became readable to a {@code read_committed}
 * consumer, that is when the streams transaction that wrote it committed, as a consumer like the dispatcher's
 * sees it: a thread of its own polls the orders topic from its end and notes, for each report's first order, the
 * record's timestamp (the broker's append time; the benchmark sets {@code LogAppendTime}) and the wall-clock
 * time it arrived. It fetches as the dispatcher does ({@code fetch.min.bytes} 1, {@code fetch.max.wait.ms} 500),
 * so the time between arrival and the row's {@code ingested_at} is the dispatcher's own poll and the start of its
 * transaction.
 */
final class OrderVisibility implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    OrderVisibility(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS, TIMEOUT).stream()
                .map(p -> new TopicPartition(Topics.ORDERS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, TIMEOUT));
        this.poller = Thread.ofPlatform().name("bench-order-visibility").daemon().start(this::poll);
    }

    /** An order record: when the broker appended it, and when this consumer first read it. */
    private record Seen(Instant appended, Instant visible) {
    }

    /** When the order made by the report of {@code key} was first readable; null if it was not seen. */
    Instant visibleAt(String key) {
        Seen order = seen.get(key);
        return order == null ? null : order.visible();
    }

    /** When the broker appended the order made by the report of {@code key}; null if it was not seen. */
    Instant appendedAt(String key) {
        Seen order = seen.get(key);
        return order == null ? null : order.appended();
    }

    /** Its consumer's own metrics (the chain benchmark counts the requests it sends the broker). */
    Map<MetricName, ? extends Metric> clientMetrics() {
        return consumer.metrics();
    }

    private void poll() {
        try {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                Instant now = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String key = ChainReports.key(record.value(), "reportSequence");
                    if (key != null) {
                        seen.putIfAbsent(key, new Seen(Instant.ofEpochMilli(record.timestamp()), now));
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
