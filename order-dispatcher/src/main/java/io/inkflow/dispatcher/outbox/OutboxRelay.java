package io.inkflow.dispatcher.outbox;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code kafka_outbox} table to Kafka, in id order, at least once: the dispatcher's one way
 * to publish (order events, enrollments, credentials). Each batch runs in one transaction: lock the oldest
 * rows ({@code FOR UPDATE SKIP LOCKED}), send them with an idempotent {@code acks=all} producer, wait for
 * every acknowledgement, then delete them (Kafka has them now). A failure rolls the batch back and the next
 * round sends it again with the same keys; consumers dedupe (order events carry an event id) and compacted
 * topics converge on the latest value.
 *
 * <p>Only one relay publishes at a time (a transaction-scoped advisory lock), because two relays splitting
 * one key's records between them could publish them out of order. Further dispatcher instances stand by
 * and take over within one round. {@link #publishBatch()} is run by a loop of the dispatcher.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock ("OUTBOX" in ASCII). */
    private static final long RELAY_LOCK = 0x4f5554424f58L;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final Tx tx;
    private final Producer<String, String> producer;
    private final int batchSize;
    private final DispatcherMetrics metrics;
    private final BooleanSupplier running;

    /**
     * @param producerConfig Kafka producer settings (at least {@code bootstrap.servers}); idempotence,
     *                       {@code acks=all} and the serializers are always set by the relay
     * @param running        false once the dispatcher is stopping: a wait for acknowledgements ends then
     */
    public OutboxRelay(Tx tx, Map<String, Object> producerConfig, int batchSize, DispatcherMetrics metrics,
                       BooleanSupplier running) {
        this.tx = tx;
        this.producer = new KafkaProducer<>(producerSettings(producerConfig));
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.running = running;
    }

    /** Publishes the producer's own Kafka metrics (its requests and batches) on {@code registry}; close it after the relay. */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        return clientMetrics;
    }

    /** Publishes one batch; returns how many records Kafka acknowledged (0 when another relay holds the lock). */
    public int publishBatch() {
        try {
            return tx.run(this::relayBatch);
        } catch (KafkaNotAcknowledged e) {
            if (!running.getAsBoolean()) {
                return 0;
            }
            metrics.recordOutboxFailedBatch();
            log.warn("Outbox batch not acknowledged by Kafka; it will be sent again", e);
            return 0;
        }
    }

    private int relayBatch(Connection c) throws SQLException {
        if (!tryRelayLock(c)) {
            return 0;
        }
        List<Long> ids = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT id, topic, record_key, payload FROM kafka_outbox
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    acks.add(send(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        awaitAcknowledgements(acks);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM kafka_outbox WHERE id = ANY (?)")) {
            delete.setArray(1, c.createArrayOf("int8", ids.toArray()));
            delete.executeUpdate();
        }
        metrics.countOutboxPublished(ids.size());
        log.debug("Outbox batch published [records={}, firstId={}, lastId={}]", ids.size(), ids.getFirst(),
                ids.getLast());
        return ids.size();
    }

    private Future<RecordMetadata> send(String topic, String key, String payload) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, payload));
        } catch (KafkaException e) {
            // for example no metadata within max.block.ms: Kafka is unreachable
            throw new KafkaNotAcknowledged(e.toString());
        }
    }

    private static boolean tryRelayLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Waits for every acknowledgement, giving up at the deadline or when the dispatcher is stopping. */
    private void awaitAcknowledgements(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            while (true) {
                if (!running.getAsBoolean()) {
                    throw new KafkaNotAcknowledged("relay stopping");
                }
                try {
                    ack.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (ExecutionException e) {
                    throw new KafkaNotAcknowledged(e.getCause().toString());
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new KafkaNotAcknowledged("no acknowledgement within " + SEND_TIMEOUT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaNotAcknowledged("interrupted");
                }
            }
        }
    }

    private static Map<String, Object> producerSettings(Map<String, Object> given) {
        if (!given.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("producerConfig needs " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        Map<String, Object> settings = new HashMap<>(given);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dispatcher-outbox-relay");
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return Map.copyOf(settings);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Kafka did not acknowledge every record of a batch. */
    private static final class KafkaNotAcknowledged extends RuntimeException {
        KafkaNotAcknowledged(String message) {
            super(message);
        }
    }
}
