package io.inkflow.dispatcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the order dispatcher as its own process, configured by environment variables. SIGTERM (or Ctrl-C)
 * stops it cleanly through the shutdown hook; see {@link OrderDispatcher#close()} for the order.
 */
public final class DispatcherMain {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    static {
        // Before the first logger exists (the field below); an operator's own file still wins.
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "io/inkflow/dispatcher/logback-dispatcher.xml");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DispatcherMain.class);

    private DispatcherMain() {
    }

    public static void main(String[] args) {
        // An Error escaping a worker thread is never handled as an outcome: it is logged with its trace and
        // the thread ends; the orders it held keep their leases, which expire, and another round resumes them.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                log.error("Uncaught failure ended a thread [thread={}]", thread.getName(), error));
        OrderDispatcher dispatcher = OrderDispatcher.start(DispatcherConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(dispatcher::close, "dispatcher-shutdown"));
    }
}
