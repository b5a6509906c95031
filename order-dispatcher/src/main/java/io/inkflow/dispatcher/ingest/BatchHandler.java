package io.inkflow.dispatcher.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Turns one topic's records of a poll into rows, on the transaction that also stores the offsets. */
@FunctionalInterface
public interface BatchHandler {

    /** One consumed record, free of Kafka types. */
    record InboundRecord(String topic, int partition, long offset, String key, byte[] value) {
    }

    void handle(Connection c, List<InboundRecord> records) throws SQLException;
}
