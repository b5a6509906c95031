package io.inkflow.gateway.kafka;

import io.inkflow.gateway.auth.CredentialStore;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.config.KafkaSecurity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the compacted credentials topic into a {@link CredentialStore}: every partition from
 * the beginning, no consumer group (each gateway needs all of it), forever. The store is marked
 * caught up once the end offsets seen at start are reached. Revocations arrive within a poll.
 */
public final class CredentialFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CredentialFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final CredentialStore store;
    private final JsonSerde<DeviceCredential> serde = JsonSerde.of(DeviceCredential.class);
    private final Thread thread;
    private volatile boolean running = true;

    public CredentialFeed(String bootstrapServers, KafkaSecurity security, CredentialStore store) {
        Map<String, Object> p = new HashMap<>(security.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "telemetry-gateway-credentials");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.thread = Thread.ofPlatform().name("credential-feed").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = assign();
            if (partitions == null) {
                return;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            log.info("Loading device credentials [partitions={}]", partitions.size());
            while (running) {
                try {
                    pollOnce(ends);
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Revocations must keep arriving: log, back off a little, and keep consuming.
                    log.warn("Credential feed poll failed, retrying", e);
                    Thread.sleep(POLL.toMillis());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Credential feed stopped; new devices and revocations are not seen", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> assign() {
        while (running) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.CREDENTIALS, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> partitions = infos.stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    return partitions;
                }
                log.warn("Credentials topic not found yet [topic={}]", Topics.CREDENTIALS);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                log.warn("Cannot read credentials topic yet", e);
            }
        }
        return null;
    }

    private void pollOnce(Map<TopicPartition, Long> ends) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            apply(record);
        }
        if (!store.caughtUp() && reached(ends)) {
            store.markCaughtUp();
            log.info("Device credentials loaded [count={}]", store.size());
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.apply(record.key(), null);
            return;
        }
        try {
            store.apply(record.key(), serde.deserialize(record.topic(), record.value()));
        } catch (KafkaException e) {
            log.warn("Unreadable credential skipped [serial={}, offset={}]", record.key(), record.offset(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
