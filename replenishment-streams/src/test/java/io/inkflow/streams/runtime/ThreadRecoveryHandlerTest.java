package io.inkflow.streams.runtime;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadRecoveryHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ThreadRecoveryHandler handler = new ThreadRecoveryHandler(registry, clock);

    @Test
    void replacesThreadsUntilTheyKeepDyingThenShutsDown() {
        for (int i = 0; i < ThreadRecoveryHandler.MAX_REPLACEMENTS; i++) {
            assertThat(handler.handle(new IllegalStateException("boom " + i))).isEqualTo(REPLACE_THREAD);
        }
        assertThat(handler.handle(new IllegalStateException("again"))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(registry.get("streams.thread.failures").tag("response", "REPLACE_THREAD").counter().count())
                .isEqualTo(ThreadRecoveryHandler.MAX_REPLACEMENTS);

        clock.advance(ThreadRecoveryHandler.WINDOW.plusSeconds(1));
        assertThat(handler.handle(new IllegalStateException("much later"))).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void missingSourceTopicsShutDownAtOnce() {
        StreamsException wrapped = new StreamsException(new MissingSourceTopicException("printer.telemetry.v1"));
        assertThat(handler.handle(wrapped)).isEqualTo(SHUTDOWN_CLIENT);
    }
}
