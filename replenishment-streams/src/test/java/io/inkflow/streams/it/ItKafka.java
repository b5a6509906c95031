package io.inkflow.streams.it;

import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.CatalogPublisher;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.TopicSetup;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.config.KafkaSecurity;
import io.inkflow.testkit.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing the fleet, and reading back what the application committed, on a real broker. */
final class ItKafka {
    static final String APP_ID = "inkflow-replenishment-it";
    private final KafkaTestBroker broker;

    ItKafka(KafkaTestBroker broker) {
        this.broker = broker;
    }

    void prepare(int partitions, ItFleet fleet) {
        createTopicsWithLeaders(partitions);
        JsonSerde<Enrollment> serde = JsonSerde.of(Enrollment.class);
        List<ProducerRecord<String, byte[]>> records = fleet.enrollments.stream()
                .map(e -> new ProducerRecord<>(Topics.ENROLLMENTS, e.serial(), serde.serialize(Topics.ENROLLMENTS, e)))
                .toList();
        send(records);
    }

    /**
     * Creates the topics, waits until every partition has a leader, then publishes the catalog. Producing
     * to a partition whose leadership the broker has not applied yet made the idempotent catalog producer
     * fail with OutOfOrderSequence on a loaded machine.
     */
    void createTopicsWithLeaders(int partitions) {
        broker.createInkflowTopics(partitions);
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    admin.describeTopics(TopicSetup.allTopics()).allTopicNames().get().values().stream()
                            .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null));
        }
        CatalogPublisher.publish(broker.bootstrapServers(), KafkaSecurity.fromEnv(broker.clientEnv()),
                ModelCatalog.bundled());
    }

    void send(List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5));
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Every order id the application committed, in topic order, duplicates included. */
    List<String> committedOrderIds() {
        JsonSerde<ReplenishmentOrder> serde = JsonSerde.of(ReplenishmentOrder.class);
        return readCommitted(Topics.ORDERS, serde).stream().map(r -> r.value().orderId()).toList();
    }

    /** Reads a topic from the start to its last stable offset with read_committed. */
    <V> List<ConsumerRecord<String, V>> readCommitted(String topic, Deserializer<V> valueDeserializer) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), valueDeserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Waits until the application has committed its consumption of every telemetry record. */
    void awaitCaughtUp(Duration atMost) {
        awaitCaughtUp(Topics.TELEMETRY, atMost);
    }

    /** Waits until the application has committed its consumption of every record of {@code topic}. */
    void awaitCaughtUp(String topic, Duration atMost) {
        try (Admin admin = broker.admin()) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> progress(admin, topic).lag() == 0);
        }
    }

    /** How far the application's committed offsets on {@code topic} are, summed over its partitions. */
    static Progress progress(Admin admin, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APP_ID)
                .partitionsToOffsetAndMetadata().get();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())))
                .all().get();
        long done = 0;
        long end = 0;
        int drained = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            long partitionDone = offset == null ? 0 : offset.offset();
            done += partitionDone;
            end += ends.get(tp).offset();
            drained += partitionDone >= ends.get(tp).offset() ? 1 : 0;
        }
        return new Progress(done, end, drained);
    }

    /** Records committed and records in the topic, summed over its partitions, and how many partitions are drained. */
    record Progress(long committed, long end, int drainedPartitions) {
        long lag() {
            return end - committed;
        }
    }

    static ByteArrayDeserializer bytes() {
        return new ByteArrayDeserializer();
    }
}
