package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.deadletter.DeadLetterReason;
import io.inkflow.dispatcher.ingest.BatchHandler.InboundRecord;
import io.inkflow.dispatcher.persistence.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch with one set of multi-row statements, and when the database refuses the data of some
 * record (class 22 or 23) or our own code fails on one, finds which by writing the batch again one item
 * at a time, each behind its own savepoint. The good items are stored, the refused ones come back with
 * the reason; a server error (the database went away) is thrown, and the caller rewinds the whole batch.
 * The one-by-one path costs a savepoint per item, but only for a batch that holds a bad record.
 */
final class PoisonIsolation {
    private static final Logger log = LoggerFactory.getLogger(PoisonIsolation.class);

    private PoisonIsolation() {
    }

    /** Writes items; returns how many the write reported (for example rows inserted). */
    @FunctionalInterface
    interface BulkWrite<T> {
        int write(Connection c, List<T> items) throws SQLException;
    }

    /** An item the database or our code refused. */
    record Refused<T>(T item, DeadLetterReason reason, String detail) {
    }

    /** What was written and what was refused. */
    record Outcome<T>(int written, List<Refused<T>> refused) {
        /** The refused items as dead letters of the records they were read from. */
        List<DeadLetter> deadLetters(Function<T, InboundRecord> recordOf) {
            return refused.stream()
                    .map(r -> RecordReader.letter(recordOf.apply(r.item()), r.reason(), r.detail()))
                    .toList();
        }
    }

    static <T> Outcome<T> write(Connection c, List<T> items, BulkWrite<T> bulk) throws SQLException {
        if (items.isEmpty()) {
            return new Outcome<>(0, List.of());
        }
        Savepoint whole = c.setSavepoint();
        try {
            int written = bulk.write(c, items);
            c.releaseSavepoint(whole);
            return new Outcome<>(written, List.of());
        } catch (SQLException e) {
            if (!SqlErrors.refusesData(e)) {
                throw e;
            }
            c.rollback(whole);
            log.info("A batch holds data the database refuses; storing it one record at a time [records={}, error={}]",
                    items.size(), e.getMessage());
        } catch (RuntimeException e) {
            c.rollback(whole);
            log.warn("Writing a batch failed unexpectedly; storing it one record at a time [records={}]",
                    items.size(), e);
        }
        return oneByOne(c, items, bulk);
    }

    private static <T> Outcome<T> oneByOne(Connection c, List<T> items, BulkWrite<T> bulk) throws SQLException {
        int written = 0;
        List<Refused<T>> refused = new ArrayList<>();
        for (T item : items) {
            Savepoint one = c.setSavepoint();
            try {
                written += bulk.write(c, List.of(item));
                c.releaseSavepoint(one);
            } catch (SQLException e) {
                if (!SqlErrors.refusesData(e)) {
                    throw e;
                }
                c.rollback(one);
                refused.add(new Refused<>(item, DeadLetterReason.CONSTRAINT_VIOLATION,
                        e.getMessage() + " [sqlState=" + e.getSQLState() + "]"));
            } catch (RuntimeException e) {
                c.rollback(one);
                log.error("Storing a record failed unexpectedly; it is set aside [item={}]", item, e);
                refused.add(new Refused<>(item, DeadLetterReason.INTERNAL, e.toString()));
            }
        }
        return new Outcome<>(written, refused);
    }
}
