package io.inkflow.gateway.bench;

import java.time.Duration;

/** Offers a fixed rate of QoS 1 reports and measures what came back; in this JVM or in a process of its own. */
interface LoadGenerator extends AutoCloseable {
    /** Publishes at {@code ratePerSecond} in total for warm-up plus measurement, measuring only the latter. */
    LoadClient.Result run(int ratePerSecond, Duration warmup, Duration measure) throws Exception;
}
