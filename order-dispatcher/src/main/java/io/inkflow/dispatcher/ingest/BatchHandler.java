package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns one topic's records of a poll into rows, on the transaction that also stores the offsets and the
 * dead letters. A record that can never be stored is returned as a {@link DeadLetter} and everything else
 * of the batch is stored; an exception means a server error (the database is unavailable) and the whole
 * batch is read again later.
 */
public interface BatchHandler {

    /** One consumed record, free of Kafka types; key and value are the raw bytes. */
    record InboundRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

        /** The key as text (keys are serials or ids), null when there is none. */
        public String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }

    /** The topic this handler reads, as a metrics tag. */
    DispatcherMetrics.Source source();

    /** Stores the records it can; returns those it set aside, with the reason. */
    List<DeadLetter> handle(Connection c, List<InboundRecord> records) throws SQLException;
}
