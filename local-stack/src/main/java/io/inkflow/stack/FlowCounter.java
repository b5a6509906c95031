package io.inkflow.stack;

import io.inkflow.schemas.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts what flowed through the stack from the systems of record themselves: records in the
 * telemetry topic (sum of end offsets) and order rows in PostgreSQL.
 */
final class FlowCounter {
    private final Admin admin;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    FlowCounter(Admin admin, String jdbcUrl, String user, String password) {
        this.admin = admin;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    record Counts(long telemetry, long rejected, long orders) {
    }

    Counts counts() throws ExecutionException, InterruptedException, SQLException {
        return new Counts(records(Topics.TELEMETRY), records(Topics.TELEMETRY_REJECTED), orderRows());
    }

    private long records(String topic) throws ExecutionException, InterruptedException {
        var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    private long orderRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
