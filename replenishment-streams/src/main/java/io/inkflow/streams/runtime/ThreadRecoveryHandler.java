package io.inkflow.streams.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stream thread that died of an unexpected error (its tasks are recovered from the
 * changelog and uncommitted work is aborted, so exactly-once holds), unless threads keep dying: more
 * than {@link #MAX_REPLACEMENTS} within {@link #WINDOW} means a persistent fault, and the client shuts
 * down so that readiness fails and a person looks. Missing source topics also shut down.
 */
public final class ThreadRecoveryHandler implements StreamsUncaughtExceptionHandler {
    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(ThreadRecoveryHandler.class);
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private final Map<StreamThreadExceptionResponse, Counter> responses =
            new EnumMap<>(StreamThreadExceptionResponse.class);

    public ThreadRecoveryHandler(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (StreamThreadExceptionResponse response : StreamThreadExceptionResponse.values()) {
            responses.put(response, Counter.builder("streams.thread.failures").tag("response", response.name())
                    .description("Stream threads that died, by the response chosen").register(registry));
        }
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        StreamThreadExceptionResponse response = decide(exception);
        responses.get(response).increment();
        if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
            log.warn("Stream thread died, replacing it [replacementsInWindow={}]", recent.size(), exception);
        } else {
            log.error("Stream thread died, shutting the streams client down [response={}]", response, exception);
        }
        return response;
    }

    private StreamThreadExceptionResponse decide(Throwable exception) {
        if (causedBy(exception, MissingSourceTopicException.class)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_REPLACEMENTS) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
