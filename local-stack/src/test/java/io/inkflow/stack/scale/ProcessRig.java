package io.inkflow.stack.scale;

import io.inkflow.stack.chaos.Service;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.stack.chaos.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a multi-process test starts in its run directory: service processes with their consoles in
 * {@code logs/}, and anything else it must close; closed in reverse order of start.
 */
final class ProcessRig implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessRig.class);

    private final Path dir;
    private final Path logback;
    private final List<AutoCloseable> started = new ArrayList<>();

    ProcessRig(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(logs());
        this.logback = dir.resolve("logback-service.xml");
        Files.writeString(logback, ServiceEnv.LOGBACK);
    }

    Path dir() {
        return dir;
    }

    Path logs() {
        return dir.resolve("logs");
    }

    List<String> jvmOptions() {
        return ServiceEnv.jvmOptions(logback);
    }

    /** A service process from its runnable jar where the build made one (not started yet), closed with the rig. */
    ServiceProcess process(String name, Service service, Map<String, String> env, int healthPort) {
        return remember(ServiceProcess.deployed(name, service, env, jvmOptions(), logs().resolve(name + ".log"), healthPort));
    }

    <T extends AutoCloseable> T remember(T component) {
        started.add(component);
        return component;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Close failed [component={}]", started.get(i), e);
            }
        }
    }

    /** Paces a fault schedule (a timeline, not synchronisation: nothing is awaited by sleeping). */
    static void waitUntil(long startNanos, Duration offset) throws InterruptedException {
        long wait = startNanos + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
