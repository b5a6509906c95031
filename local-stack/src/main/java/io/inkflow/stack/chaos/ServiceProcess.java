package io.inkflow.stack.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service in a JVM of its own, started from this JVM's classpath with the service's
 * environment, so it can be killed with SIGKILL and started again exactly as an operator's
 * supervisor would. Its console goes to a log file in the run directory. Any main class with a
 * {@code /health/ready} endpoint can run this way (the tests' Kafka nodes do). {@link #fromJar} starts a
 * service from its runnable jar instead, as an operator does.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final Duration POLL = Duration.ofMillis(300);

    private final String name;
    private final String mainClass;
    private final Path jar;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final Path logFile;
    private final int healthPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    /**
     * @param name       instance name (log file and messages), for example {@code gateway-1}
     * @param healthPort the port of the service's {@code /health/ready}
     */
    public ServiceProcess(String name, Service service, Map<String, String> env, List<String> jvmOptions,
                          Path logFile, int healthPort) {
        this(name, service.mainClass(), null, env, jvmOptions, logFile, healthPort);
    }

    /** A process of any main class on this JVM's classpath that serves {@code /health/ready} on {@code healthPort}. */
    public ServiceProcess(String name, String mainClass, Map<String, String> env, List<String> jvmOptions,
                          Path logFile, int healthPort) {
        this(name, mainClass, null, env, jvmOptions, logFile, healthPort);
    }

    private ServiceProcess(String name, String mainClass, Path jar, Map<String, String> env, List<String> jvmOptions,
                           Path logFile, int healthPort) {
        this.name = name;
        this.mainClass = mainClass;
        this.jar = jar;
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logFile;
        this.healthPort = healthPort;
    }

    /**
     * The service started with {@code java -jar} from its runnable jar, as an operator starts it: its environment
     * is {@code env} and nothing inherited from this JVM. Its stdout goes to {@code logFile}, its stderr to
     * {@link #errFile()}, so the log lines can be read apart from what the JVM itself prints.
     */
    public static ServiceProcess fromJar(String name, Service service, Path jar, Map<String, String> env,
                                         List<String> jvmOptions, Path logFile, int healthPort) {
        return new ServiceProcess(name, service.mainClass(), jar, env, jvmOptions, logFile, healthPort);
    }

    /**
     * The service from its runnable jar when the build named one ({@code -Dinkflow.jar.<module>}, set by the
     * local-stack POM for the integration tests) and it exists, else from this JVM's classpath.
     */
    public static ServiceProcess deployed(String name, Service service, Map<String, String> env,
                                          List<String> jvmOptions, Path logFile, int healthPort) {
        String jar = System.getProperty("inkflow.jar." + service.module());
        if (jar != null && java.nio.file.Files.isRegularFile(Path.of(jar))) {
            return fromJar(name, service, Path.of(jar), env, jvmOptions, logFile, healthPort);
        }
        return new ServiceProcess(name, service, env, jvmOptions, logFile, healthPort);
    }

    /** Whether this process runs a runnable jar (rather than a main class on this JVM's classpath). */
    public boolean fromJar() {
        return jar != null;
    }

    /** Where stderr goes: a file beside the log for a {@link #fromJar} process, else the log itself. */
    public Path errFile() {
        return jar == null ? logFile : logFile.resolveSibling(logFile.getFileName() + ".stderr");
    }

    public String name() {
        return name;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** How many times this service was started (1 + restarts). */
    public synchronized int starts() {
        return starts;
    }

    /** Starts the process (a no-op while it is alive). */
    public synchronized void start() {
        if (alive()) {
            return;
        }
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("Cannot tell which java runs this JVM"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        if (jar == null) {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass);
        } else {
            command.add("-jar");
            command.add(jar.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (jar == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(errFile().toFile()));
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        try {
            process = builder.start();
            starts++;
            log.info("Service process started [name={}, pid={}, start={}]", name, process.pid(), starts);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /**
     * Waits until {@code /health/ready} answers 200.
     *
     * @throws IllegalStateException when the process exits or the time runs out
     */
    public void awaitReady(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            Process current;
            synchronized (this) {
                current = process;
            }
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited with " + (current == null ? "no process"
                        : current.exitValue()) + "; " + logFile + " ends with:" + System.lineSeparator() + logTail(15)
                        + (jar == null ? "" : System.lineSeparator() + "stderr: " + tail(errFile(), 15)));
            }
            if (ready()) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException(name + " not ready after " + atMost + "; see " + logFile);
    }

    /** The last lines of this service's log, for failure messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(file);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. Waits until the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
        log.info("Service process killed [name={}, pid={}]", name, process.pid());
    }

    /**
     * SIGTERM: the service's shutdown hook closes it cleanly (SIGKILL if it has not exited after 30 s). It can
     * be started again, as in a rolling restart.
     */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(30))) {
                log.warn("Service did not stop within 30 s of SIGTERM, killing it [name={}, pid={}]", name, process.pid());
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(10));
            }
        }
    }

    /** {@link #stop()} for good. */
    @Override
    public synchronized void close() {
        stop();
        http.close();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
