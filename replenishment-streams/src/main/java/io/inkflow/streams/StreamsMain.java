package io.inkflow.streams;

import io.inkflow.schemas.logging.ProcessLogs;
import java.util.concurrent.CountDownLatch;

/** Entry point: configuration from the environment, start, and a clean close on SIGTERM / Ctrl-C. */
public final class StreamsMain {
    private StreamsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ProcessLogs.init("io/inkflow/streams/logback-streams.xml");
        ReplenishmentApp app = ReplenishmentApp.start(StreamsConfig.fromEnv(System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "streams-shutdown"));
        stopped.await();
    }
}
