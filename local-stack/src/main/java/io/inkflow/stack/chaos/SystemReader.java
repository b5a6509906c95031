package io.inkflow.stack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.embedded.PostgresServer;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        TopicTail.readAll(bootstrapServers, Topics.TELEMETRY, record -> {
            records[0]++;
            reportId(record.value()).ifPresent(reports::add);
        });
        return new TopicReports(reports, records[0]);
    }

    /** Distinct keys of a compacted topic (for example the serials with a published credential). */
    public Set<String> keys(String topic) {
        Set<String> keys = new HashSet<>();
        TopicTail.readAll(bootstrapServers, topic, record -> {
            if (record.key() != null) {
                keys.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    /** Waits until every one of {@code keys} is in the compacted {@code topic} (for example device credentials). */
    public void awaitKeys(String topic, Set<String> keys, java.time.Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!keys(topic).containsAll(keys)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not every key reached " + topic + " in " + atMost);
            }
            Thread.sleep(500);
        }
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

    /** Every charge of the sandbox payment provider, with the orders it covers and each one's part. */
    public List<LedgerEntry> payments() throws SQLException {
        return ledger("SELECT reference, outcome, amount_cents, order_ids, line_amounts_cents"
                + " FROM sandbox_payment_ledger");
    }

    /** Every parcel of the sandbox carrier, with the orders it holds. */
    public List<LedgerEntry> shipments() throws SQLException {
        return ledger("SELECT reference, 'SHIPPED', 0, order_ids, NULL::bigint[] FROM sandbox_carrier_ledger");
    }

    /** Rows of reference, outcome, amount, the covered orders and their amounts (null: none, a parcel). */
    private List<LedgerEntry> ledger(String sql) throws SQLException {
        List<LedgerEntry> rows = new ArrayList<>();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new LedgerEntry(rs.getString(1), rs.getString(2), rs.getLong(3),
                        lines((String[]) rs.getArray(4).getArray(), rs.getArray(5))));
            }
        }
        return rows;
    }

    private static List<LedgerEntry.Line> lines(String[] orderIds, Array amounts) throws SQLException {
        Long[] cents = amounts == null ? new Long[orderIds.length] : (Long[]) amounts.getArray();
        if (cents.length != orderIds.length) {
            throw new IllegalStateException("A ledger row has " + orderIds.length + " orders and " + cents.length
                    + " amounts");
        }
        List<LedgerEntry.Line> lines = new ArrayList<>();
        for (int i = 0; i < orderIds.length; i++) {
            lines.add(new LedgerEntry.Line(orderIds[i], cents[i] == null ? 0 : cents[i]));
        }
        return lines;
    }
}
