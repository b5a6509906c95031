package io.inkflow.dispatcher.ingest;

import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.deadletter.DeadLetterStore.Stored;
import io.inkflow.dispatcher.deadletter.DeadLetterStore;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a dead letter after a fix (a catalog with the new model, a corrected bug, a migration): the
 * stored bytes go through the same handler as when they were consumed, on the caller's transaction. When
 * the record is stored now the dead letter is marked replayed; when it is refused again it stays open with
 * the new reason. Replaying twice stores nothing twice: the handlers are idempotent (order ids, dedupe keys).
 */
public final class DeadLetterReplayer {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);

    private final Map<String, BatchHandler> handlers;
    private final DeadLetterStore store;
    private final DispatcherMetrics metrics;
    private final Clock clock;

    public DeadLetterReplayer(Map<String, BatchHandler> handlers, DeadLetterStore store, DispatcherMetrics metrics,
                              Clock clock) {
        this.handlers = Map.copyOf(handlers);
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What a replay came to. */
    public sealed interface Result {
        record Replayed(long id) implements Result {
        }

        /** Refused again; the dead letter stays open with this reason. */
        record RefusedAgain(DeadLetter letter) implements Result {
        }

        record NotFound() implements Result {
        }

        record AlreadyReplayed() implements Result {
        }

        /** The dispatcher no longer reads the record's topic. */
        record NoHandler(String topic) implements Result {
        }
    }

    public Result replay(Connection c, long id, String by) throws SQLException {
        Stored stored = store.lock(c, id).orElse(null);
        if (stored == null) {
            return new Result.NotFound();
        }
        if (stored.status() == DeadLetterStore.Status.REPLAYED) {
            return new Result.AlreadyReplayed();
        }
        DeadLetter letter = stored.letter();
        BatchHandler handler = handlers.get(letter.topic());
        if (handler == null) {
            return new Result.NoHandler(letter.topic());
        }
        Instant now = clock.instant();
        List<DeadLetter> refused = handler.handle(c, List.of(new BatchHandler.InboundRecord(letter.topic(),
                letter.partition(), letter.offset(), letter.key(), letter.value())));
        if (!refused.isEmpty()) {
            DeadLetter again = refused.getFirst();
            store.recordFailedReplay(c, id, again.reason(), again.detail(), now);
            log.info("Dead letter refused again [id={}, reason={}, by={}]", id, again.reason(), by);
            return new Result.RefusedAgain(again);
        }
        store.markReplayed(c, id, by, now);
        metrics.countDeadLetterReplayed();
        log.info("Dead letter replayed [id={}, topic={}, partition={}, offset={}, by={}]", id, letter.topic(),
                letter.partition(), letter.offset(), by);
        return new Result.Replayed(id);
    }
}
