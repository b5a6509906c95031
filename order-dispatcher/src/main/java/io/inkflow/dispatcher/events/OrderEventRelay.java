package io.inkflow.dispatcher.events;

import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.OrderEvent;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.Series;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes order events from the {@code order_events} table to {@code order.events.v1}, keyed by order
 * id, at least once: rows are marked published only after Kafka acknowledged them, so a crash in between
 * publishes them again with the same event id, which consumers dedupe on. One relay at a time holds a
 * transaction-scoped advisory lock, so events of one order never overtake each other across instances.
 */
public final class OrderEventRelay implements AutoCloseable {
    /** Advisory lock key of the order events relay. */
    private static final long LOCK_KEY = 7_310_542_001L;

    private final Tx tx;
    private final Producer<String, OrderEvent> producer;
    private final String topic;
    private final int batchSize;
    private final Clock clock;
    private final Counter published;

    public OrderEventRelay(Tx tx, String bootstrapServers, String clientId, String topic, int batchSize, Clock clock,
                           MeterRegistry metrics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), JsonSerde.of(OrderEvent.class).serializer());
        this.tx = tx;
        this.topic = topic;
        this.batchSize = batchSize;
        this.clock = clock;
        this.published = metrics.counter("dispatcher.order_events.published");
    }

    /** Publishes one batch; returns how many events went out. */
    public int publishBatch() {
        return tx.run(c -> {
            if (!tryLock(c)) {
                return 0;
            }
            List<Row> rows = unpublished(c);
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
            for (Row row : rows) {
                sends.add(producer.send(new ProducerRecord<>(topic, row.event().orderId(), row.event())));
            }
            awaitAll(sends);
            markPublished(c, rows);
            published.increment(rows.size());
            return rows.size();
        });
    }

    private record Row(long id, OrderEvent event) {
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> unpublished(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.id, e.event_id, e.order_id, o.serial, o.account_id, o.model, o.series, o.sku, e.from_state,
                       e.to_state, e.amount_cents, e.tracking_number, e.detail, e.occurred_at
                FROM order_events e JOIN orders o ON o.order_id = e.order_id
                WHERE e.published_at IS NULL ORDER BY e.id LIMIT ?""")) {
            ps.setInt(1, batchSize);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String series = rs.getString("series");
                    String from = rs.getString("from_state");
                    long amount = rs.getLong("amount_cents");
                    Long amountCents = rs.wasNull() ? null : amount;
                    rows.add(new Row(rs.getLong("id"), new OrderEvent(rs.getObject("event_id", UUID.class).toString(),
                            rs.getString("order_id"), rs.getString("serial"), rs.getString("account_id"),
                            rs.getString("model"), series == null ? null : Series.valueOf(series), rs.getString("sku"),
                            from == null ? null : OrderState.valueOf(from), OrderState.valueOf(rs.getString("to_state")),
                            amountCents, rs.getString("tracking_number"), rs.getString("detail"),
                            rs.getTimestamp("occurred_at").toInstant())));
                }
            }
            return rows;
        }
    }

    /** Marks exactly the rows sent: a lower id committed meanwhile was not sent and must stay unpublished. */
    private void markPublished(Connection c, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE order_events SET published_at = ? WHERE id = ANY (?)")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setArray(2, c.createArrayOf("int8", ids));
            ps.executeUpdate();
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends) throws SQLException {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing order events", e);
        } catch (ExecutionException | TimeoutException e) {
            // nothing is marked: the whole batch goes out again, with the same event ids
            throw new IllegalStateException("Kafka did not acknowledge order events: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
