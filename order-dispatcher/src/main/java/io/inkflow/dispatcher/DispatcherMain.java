package io.inkflow.dispatcher;

/** Runs the order dispatcher as its own process, configured by environment variables. */
public final class DispatcherMain {
    private DispatcherMain() {
    }

    public static void main(String[] args) {
        OrderDispatcher dispatcher = OrderDispatcher.start(DispatcherConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(dispatcher::close, "dispatcher-shutdown"));
    }
}
