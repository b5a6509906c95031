package io.inkflow.stack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.embedded.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the system holds, from the systems of record: Kafka topics and the dispatcher's database. */
public final class SystemReader {
    private final String bootstrapServers;
    private final PostgresServer postgres;

    public SystemReader(String bootstrapServers, PostgresServer postgres) {
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
    }

    /** Distinct reports in the telemetry topic and the number of records (duplicates included). */
    public record TopicReports(Set<ReportId> reports, long records) {
    }

    public TopicReports telemetry() {
        Set<ReportId> reports = new HashSet<>();
        long[] records = {0};
        readAll(Topics.TELEMETRY, record -> {
            records[0]++;
            reportId(record.value()).ifPresent(reports::add);
        });
        return new TopicReports(reports, records[0]);
    }

    /** Distinct keys of a compacted topic (for example the serials with a published credential). */
    public Set<String> keys(String topic) {
        Set<String> keys = new HashSet<>();
        readAll(topic, record -> {
            if (record.key() != null) {
                keys.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    static Optional<ReportId> reportId(byte[] json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (node == null || !node.hasNonNull("serial") || !node.hasNonNull("sequence")) {
                return Optional.empty();
            }
            return Optional.of(new ReportId(node.get("serial").asText(), node.path("bootEpoch").asLong(),
                    node.get("sequence").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + topic + " took longer than 5 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(sink);
            }
        }
    }

    public List<OrderRow> orders() throws SQLException {
        List<OrderRow> rows = new ArrayList<>();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("""
                     SELECT order_id, state, channel, model, slot, amount_cents, promotion_percent, parked
                     FROM orders ORDER BY order_id""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long amount = rs.getLong(6);
                Long amountCents = rs.wasNull() ? null : amount;
                int promotion = rs.getInt(7);
                Integer promotionPercent = rs.wasNull() ? null : promotion;
                rows.add(new OrderRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), amountCents, promotionPercent, rs.getBoolean(8)));
            }
        }
        return rows;
    }

    public List<LedgerEntry> payments() throws SQLException {
        return ledger("SELECT reference, outcome, amount_cents FROM sandbox_payment_ledger");
    }

    public List<LedgerEntry> shipments() throws SQLException {
        return ledger("SELECT reference, 'SHIPPED', 0 FROM sandbox_carrier_ledger");
    }

    private List<LedgerEntry> ledger(String sql) throws SQLException {
        List<LedgerEntry> rows = new ArrayList<>();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new LedgerEntry(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return rows;
    }
}
