package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.deadletter.DeadLetterReason;
import io.inkflow.dispatcher.deadletter.DeadLetterStore;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.persistence.OffsetStore.Partition;
import io.inkflow.dispatcher.persistence.OffsetStore;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.config.KafkaSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes topics (read_committed, no auto commit) and hands each poll's records of a topic to the topic's
 * {@link BatchHandler} inside ONE database transaction that also stores the records set aside (dead letters)
 * and the next offsets of that topic's partitions. On assignment it seeks to the stored offsets, so the database, not Kafka's group offsets,
 * decides where to resume: a crash between the database commit and anything else neither loses nor
 * repeats a batch. Kafka group offsets are still committed afterwards, for lag monitoring only.
 *
 * <p>A record that can never be stored is a dead letter and the batch goes on; only a server error (the
 * database or Kafka unavailable) rewinds to the stored offsets and retries, so no single record stalls
 * the consumer.
 */
public final class TransactionalConsumer implements Runnable, AutoCloseable {
    /** How long the broker holds a fetch while nothing is readable. */
    static final Duration IDLE_FETCH_WAIT = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(TransactionalConsumer.class);
    private static final long KAFKA_COMMIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String groupId;
    private final Map<String, BatchHandler> handlers;
    private final Tx tx;
    private final OffsetStore offsets;
    private final DeadLetterStore deadLetters;
    private final DispatcherMetrics metrics;
    private final Clock clock;
    private final Duration retryBackoff;
    private final Checkpoint.Listener checkpoints;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastKafkaCommitNanos;

    public TransactionalConsumer(String bootstrapServers, KafkaSecurity security, String groupId, String clientId,
                                 int maxPollRecords,
                                 Map<String, BatchHandler> handlers, Tx tx, OffsetStore offsets,
                                 DeadLetterStore deadLetters, DispatcherMetrics metrics, Clock clock,
                                 Duration retryBackoff, Checkpoint.Listener checkpoints) {
        Map<String, Object> config = new HashMap<>(security.clientProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // large polls make large transactions: one commit and a few statements per poll, not per record
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        // Answer as soon as anything is readable. Read committed, the records of a transactional producer (the
        // streams application) become readable in bursts, one per producer commit, so a fetch still brings a
        // burst and one transaction here stores it. Waiting for 64 KiB instead added up to 25 ms to every order
        // at a steady trickle (issue 14: the time from report to order row). The broker answers a waiting fetch
        // once a commit makes records readable, so the wait is only how often an idle consumer asks again: 25 ms
        // made each consumer send 37 requests/s at 1,000 reports/s; Kafka's default of 500 ms sends 2.
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) IDLE_FETCH_WAIT.toMillis());
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.groupId = groupId;
        // in the caller's order: the first topic's share of a poll is stored first
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        this.tx = tx;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.retryBackoff = retryBackoff;
        this.checkpoints = checkpoints;
    }

    /**
     * Publishes the consumer's own Kafka metrics (its requests, fetches and lag) on {@code registry}. Close the
     * returned binder when the consumer has stopped.
     */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(registry);
        return clientMetrics;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(handlers.keySet(), new SeekToStoredOffsets());
            while (running.get()) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        storeOrRewind(records);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException | IllegalStateException e) {
                    // Kafka or the database is away (for example while seeking on assignment): keep the thread,
                    // retry; Kafka's committed offsets never run ahead of the stored ones, so at worst a
                    // batch is read twice, which the unique order id absorbs
                    if (!running.get()) {
                        break;
                    }
                    metrics.recordConsumerRewind();
                    log.warn("Consumer round failed, retrying [groupId={}]", groupId, e);
                    rewindUntilDone();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            log.info("Consumer stopped [groupId={}, topics={}]", groupId, handlers.keySet());
        }
    }

    /**
     * Stores a poll one topic at a time, in the handlers' order (orders first), each topic's records in a
     * transaction of their own with its partitions' next offsets: an order's row commits without waiting for the
     * printer statuses and supply events polled beside it (issue 14, the time from order record to order row).
     * Offsets are per partition and a partition belongs to one topic, so each transaction still stores exactly
     * what it read; a failure rewinds every partition to what the committed ones stored.
     */
    private void storeOrRewind(ConsumerRecords<byte[], byte[]> records) {
        for (Map.Entry<String, BatchHandler> topic : handlers.entrySet()) {
            List<BatchHandler.InboundRecord> batch = new ArrayList<>();
            Map<Partition, Long> next = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                if (!tp.topic().equals(topic.getKey())) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                    batch.add(new BatchHandler.InboundRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
                    next.merge(new Partition(r.topic(), r.partition()), r.offset() + 1, Math::max);
                }
            }
            if (!batch.isEmpty() && !store(topic.getValue(), batch, next)) {
                return;
            }
        }
        checkpoints.reached(Checkpoint.ORDER_STORED, null);
        commitToKafkaNowAndThen();
    }

    /** One topic's share of a poll in one transaction; false when it failed and the consumer rewound. */
    private boolean store(BatchHandler handler, List<BatchHandler.InboundRecord> batch, Map<Partition, Long> next) {
        try {
            tx.runVoid(c -> {
                setAside(c, handler.source(), handler.handle(c, batch));
                offsets.store(c, groupId, next, clock.instant());
            });
        } catch (RuntimeException e) {
            if (!running.get()) {
                return false; // stopping: the pool may be closing; the stored offsets say where to resume
            }
            // a server error: nothing of this batch was stored; read it again from the stored offsets
            metrics.recordConsumerRewind();
            log.warn("Cannot store a batch, rewinding to the stored offsets [groupId={}, records={}]", groupId,
                    batch.size(), e);
            rewindUntilDone();
            return false;
        }
        next.forEach((p, offset) -> uncommitted.put(new TopicPartition(p.topic(), p.partition()),
                new OffsetAndMetadata(offset)));
        return true;
    }

    /**
     * Kafka's group offsets are for lag monitoring only (the database's decide where to resume), so they are
     * committed at most once a second instead of after every batch.
     */
    private void commitToKafkaNowAndThen() {
        long now = System.nanoTime();
        if (now - lastKafkaCommitNanos < KAFKA_COMMIT_INTERVAL_NANOS) {
            return;
        }
        lastKafkaCommitNanos = now;
        consumer.commitAsync(Map.copyOf(uncommitted), null);
        uncommitted.clear();
    }

    /** Stores the dead letters on the batch's transaction; counts and logs them once it committed. */
    private void setAside(java.sql.Connection c, DispatcherMetrics.Source source, List<DeadLetter> letters)
            throws java.sql.SQLException {
        if (letters.isEmpty()) {
            return;
        }
        Map<DeadLetterReason, Integer> added = deadLetters.insertAll(c, letters, clock.instant());
        metrics.countDeadLetters(source, added);
        Tx.afterCommit(() -> letters.forEach(letter -> log.warn(
                "Record set aside as a dead letter [topic={}, partition={}, offset={}, reason={}, detail={}]",
                letter.topic(), letter.partition(), letter.offset(), letter.reason(), letter.detail())));
    }

    private void rewind() {
        seekToStored(consumer.assignment());
    }

    /**
     * Seeks back to the stored offsets, retrying until it works: polling again before that would move past
     * records that were never stored, and a later batch's offsets would then skip them for good.
     */
    private void rewindUntilDone() {
        while (running.get()) {
            sleep(retryBackoff);
            try {
                rewind();
                return;
            } catch (RuntimeException e) {
                log.warn("Cannot seek to the stored offsets yet [groupId={}]", groupId, e);
            }
        }
    }

    private void seekToStored(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Partition, Long> stored;
        try {
            stored = tx.run(c -> offsets.load(c, groupId));
        } catch (RuntimeException e) {
            // without the stored offsets we cannot know where to resume; stop rather than guess
            throw new IllegalStateException("Cannot read stored offsets for group " + groupId, e);
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(new Partition(tp.topic(), tp.partition()));
            if (offset == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        log.info("Seeked to stored offsets [groupId={}, partitions={}, fromStart={}]", groupId, partitions.size(),
                fromStart.size());
    }

    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            seekToStored(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing pending: every batch is committed to the database before the next poll
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
