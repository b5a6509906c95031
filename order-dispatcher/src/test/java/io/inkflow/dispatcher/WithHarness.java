package io.inkflow.dispatcher;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration test class whose tests share one real Kafka broker and one real PostgreSQL server
 * ({@link DispatcherHarness}); each test takes a scenario of its own (database and topic).
 */
abstract class WithHarness {
    @TempDir
    static Path kafkaDir;
    static DispatcherHarness harness;

    @BeforeAll
    static void startHarness() {
        harness = DispatcherHarness.start(kafkaDir);
    }

    @AfterAll
    static void stopHarness() {
        if (harness != null) {
            harness.close();
            harness = null;
        }
    }
}
