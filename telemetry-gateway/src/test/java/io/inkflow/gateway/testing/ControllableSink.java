package io.inkflow.gateway.testing;

import io.inkflow.gateway.ingest.ReportSink;
import io.inkflow.schemas.RejectedRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link ReportSink} for handler tests: records what it is given and either stores it
 * at once or holds each write until the test completes (or fails) it, standing in for Kafka's
 * acknowledgement. Integration tests use the real Kafka sink.
 */
public final class ControllableSink implements ReportSink {
    public record Write(String serial, byte[] report, RejectedRecord rejected, CompletableFuture<Void> stored) {
    }

    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private volatile boolean hold;

    public ControllableSink holdWrites() {
        hold = true;
        return this;
    }

    @Override
    public CompletionStage<Void> accept(String serial, byte[] report) {
        return record(new Write(serial, report, null, new CompletableFuture<>()));
    }

    @Override
    public CompletionStage<Void> reject(RejectedRecord record) {
        return record(new Write(record.serial(), null, record, new CompletableFuture<>()));
    }

    private CompletionStage<Void> record(Write write) {
        writes.add(write);
        if (!hold) {
            write.stored().complete(null);
        }
        return write.stored();
    }

    public List<Write> writes() {
        return writes;
    }

    public Write write(int index) {
        return writes.get(index);
    }
}
