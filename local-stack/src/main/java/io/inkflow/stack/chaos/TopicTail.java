package io.inkflow.stack.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic's committed records from the beginning, as far as its end at each call, and keeps its place
 * between calls (so a benchmark can read what each step added without reading the topic again).
 */
public final class TopicTail implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_READ = Duration.ofMinutes(5);
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    public TopicTail(String bootstrapServers, String topic) {
        this.topic = topic;
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every committed record of {@code topic}, from its beginning to its current end, handed once to {@code sink}. */
    public static void readAll(String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (TopicTail tail = new TopicTail(bootstrapServers, topic)) {
            tail.readToEnd(sink);
        }
    }

    /** Hands every record up to the topic's current end (last stable offset) to {@code sink}. */
    public void readToEnd(Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        long deadline = System.nanoTime() + MAX_READ.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Reading " + topic + " took longer than " + MAX_READ);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(sink);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
