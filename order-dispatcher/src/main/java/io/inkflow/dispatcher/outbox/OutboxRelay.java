package io.inkflow.dispatcher.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
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
 * Publishes the {@code kafka_outbox} table to Kafka, in id order, at least once. Each batch runs in one
 * transaction: lock the oldest unsent rows ({@code FOR UPDATE SKIP LOCKED}), send them with an
 * idempotent {@code acks=all} producer, wait for every acknowledgement, then mark them sent. A failure
 * rolls the batch back and the next poll sends it again; keys are stable, so the compacted topics
 * converge on the latest value.
 *
 * <p>Only one relay publishes at a time (a transaction-scoped advisory lock), because two relays
 * splitting one key's records between them could publish them out of order. Further dispatcher
 * instances stand by and take over within one poll interval.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock ("OUTBOX" in ASCII). */
    private static final long RELAY_LOCK = 0x4f5554424f58L;
    private static final int BATCH_SIZE = 500;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SENT_RETENTION = Duration.ofDays(7);

    private final DataSource dataSource;
    private final Map<String, Object> producerConfig;
    private final Clock clock;
    private final Duration pollInterval;
    private final Counter published;
    private final Counter failedBatches;
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private Producer<String, String> producer;
    private Instant lastCleanup = Instant.MIN;

    /**
     * @param producerConfig Kafka producer settings (at least {@code bootstrap.servers}); idempotence,
     *                       {@code acks=all} and the serializers are always set by the relay
     */
    public OutboxRelay(DataSource dataSource, Map<String, Object> producerConfig, Clock clock, Duration pollInterval,
                       MeterRegistry registry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.producerConfig = producerSettings(producerConfig);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.published = Counter.builder("dispatcher.outbox.published")
                .description("Outbox records acknowledged by Kafka").register(registry);
        this.failedBatches = Counter.builder("dispatcher.outbox.failed.batches")
                .description("Outbox batches rolled back because Kafka did not acknowledge them").register(registry);
    }

    public OutboxRelay(DataSource dataSource, Map<String, Object> producerConfig, Clock clock, Duration pollInterval) {
        this(dataSource, producerConfig, clock, pollInterval, new SimpleMeterRegistry());
    }

    public OutboxRelay(DataSource dataSource, String bootstrapServers, Clock clock, Duration pollInterval) {
        this(dataSource, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), clock, pollInterval);
    }

    /** Starts polling on one background thread. */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("OutboxRelay already started");
        }
        producer = new KafkaProducer<>(producerConfig);
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        executor.scheduleWithFixedDelay(this::drain, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Outbox relay started [pollIntervalMs={}]", pollInterval.toMillis());
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SEND_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        executor = null;
        log.info("Outbox relay stopped");
    }

    /** Publishes batches until the backlog is empty or a batch fails. */
    private void drain() {
        try {
            int sent;
            do {
                sent = relayBatch();
            } while (sent == BATCH_SIZE && running);
            cleanUpOccasionally();
        } catch (SQLException e) {
            log.warn("Outbox relay cannot reach the database; retrying [error={}]", e.getMessage());
        } catch (KafkaNotAcknowledged e) {
            if (!running) {
                return;
            }
            failedBatches.increment();
            log.warn("Outbox batch not acknowledged by Kafka; it will be sent again [error={}]", e.getMessage());
        } catch (RuntimeException e) {
            if (running) {
                log.error("Outbox relay failed; retrying at the next poll", e);
            }
        }
    }

    /** One batch in one transaction; returns how many records were published. */
    int relayBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int sent = relayBatch(c);
                c.commit();
                published.increment(sent);
                return sent;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private int relayBatch(Connection c) throws SQLException {
        if (!tryRelayLock(c)) {
            return 0;
        }
        List<Long> ids = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT id, topic, record_key, payload FROM kafka_outbox WHERE sent_at IS NULL
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            select.setInt(1, BATCH_SIZE);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                    acks.add(send(rs.getString("topic"), rs.getString("record_key"), rs.getString("payload")));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        awaitAcknowledgements(acks);
        try (PreparedStatement update = c.prepareStatement("UPDATE kafka_outbox SET sent_at = ? WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setArray(2, array);
            update.executeUpdate();
            array.free();
        }
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
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Waits for every acknowledgement, giving up at the deadline or when the relay is closing. */
    private void awaitAcknowledgements(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            while (true) {
                if (!running) {
                    throw new KafkaNotAcknowledged("relay closing");
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

    /** Sent rows are kept a week for diagnosis, then deleted; checked at most hourly. */
    private void cleanUpOccasionally() throws SQLException {
        Instant now = clock.instant();
        if (lastCleanup.isAfter(now.minus(Duration.ofHours(1)))) {
            return;
        }
        lastCleanup = now;
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM kafka_outbox WHERE sent_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(SENT_RETENTION)));
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                log.info("Outbox rows deleted after retention [rows={}]", deleted);
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
        settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return Map.copyOf(settings);
    }

    /** Kafka did not acknowledge every record of a batch. */
    private static final class KafkaNotAcknowledged extends RuntimeException {
        KafkaNotAcknowledged(String message) {
            super(message);
        }
    }
}
