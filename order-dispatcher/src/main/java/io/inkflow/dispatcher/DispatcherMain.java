package io.inkflow.dispatcher;

import io.inkflow.schemas.logging.ProcessLogs;

/**
 * Runs the order dispatcher as its own process, configured by environment variables. SIGTERM (or Ctrl-C)
 * stops it cleanly through the shutdown hook; see {@link OrderDispatcher#close()} for the order.
 */
public final class DispatcherMain {
    private DispatcherMain() {
    }

    public static void main(String[] args) {
        // Also logs an Error escaping a worker thread: it is never handled as an outcome, the thread ends,
        // the orders it held keep their leases, which expire, and another round resumes them.
        ProcessLogs.init("io/inkflow/dispatcher/logback-dispatcher.xml");
        OrderDispatcher dispatcher = OrderDispatcher.start(DispatcherConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(dispatcher::close, "dispatcher-shutdown"));
    }
}
