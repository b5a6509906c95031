package io.inkflow.schemas.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every InkFlow process does about its logs before anything else. */
public final class ProcessLogs {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private ProcessLogs() {
    }

    /**
     * Points logback at the module's own file (an operator's {@code -Dlogback.configurationFile} still wins)
     * and logs whatever ends a thread, the main thread included, through it: a start that fails on bad
     * configuration is then an ERROR line with its stack like any other, JSON under
     * {@code INKFLOW_LOG_FORMAT=json}, instead of plain text the JVM prints to stderr. Call it first in
     * {@code main}, before any logger exists.
     */
    public static void init(String logbackResource) {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, logbackResource);
        }
        Logger log = LoggerFactory.getLogger(ProcessLogs.class);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                log.error("Uncaught failure ended a thread [thread={}]", thread.getName(), error));
    }
}
