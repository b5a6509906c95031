package io.inkflow.streams.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Environment variables for an application instance under test. */
final class ItEnv {
    private ItEnv() {
    }

    static Map<String, String> of(String bootstrapServers, Path stateDir, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("STREAMS_APPLICATION_ID", ItKafka.APP_ID);
        env.put("STREAMS_STATE_DIR", stateDir.toString());
        env.put("STREAMS_HTTP_HOST", "127.0.0.1");
        env.put("STREAMS_HTTP_PORT", String.valueOf(httpPort));
        // A killed instance's partitions move after this long; the broker minimum is 6 s.
        env.put("STREAMS_SESSION_TIMEOUT_MS", "8000");
        env.put("STREAMS_COMMIT_INTERVAL_MS", "100");
        return env;
    }
}
