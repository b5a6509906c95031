package io.inkflow.streams;

import java.util.concurrent.CountDownLatch;

/** Entry point: configuration from the environment, start, and a clean close on SIGTERM / Ctrl-C. */
public final class StreamsMain {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private StreamsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            // Before the first logger exists; an operator's own file still wins.
            System.setProperty(LOGBACK_CONFIG, "io/inkflow/streams/logback-streams.xml");
        }
        ReplenishmentApp app = ReplenishmentApp.start(StreamsConfig.fromEnv(System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "streams-shutdown"));
        stopped.await();
    }
}
