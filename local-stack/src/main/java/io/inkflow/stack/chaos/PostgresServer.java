package io.inkflow.stack.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL (zonky's embedded binaries) whose postmaster can be stopped in immediate mode,
 * which is a crash as far as the data goes (no checkpoint, WAL replay at the next start), and
 * started again on the same port and data directory.
 *
 * <p>zonky initialises the data directory and starts the first postmaster; the command line of
 * that postmaster (binary, data directory, port, settings) is read from the operating system and
 * reused for every later start, and {@code pg_ctl} from the same binary directory stops it.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private final Path dataDir;
    private final int port;
    private final List<String> postmasterCommand;
    private final Path pgCtl;
    private final Path logFile;
    private Process postmaster;
    private int restarts;

    private PostgresServer(Path dataDir, int port, List<String> postmasterCommand, Path logFile) {
        this.dataDir = dataDir;
        this.port = port;
        this.postmasterCommand = List.copyOf(postmasterCommand);
        this.pgCtl = Path.of(postmasterCommand.getFirst()).resolveSibling("pg_ctl");
        this.logFile = logFile;
    }

    /** Initialises {@code dataDir} and starts PostgreSQL on a free port. */
    public static PostgresServer start(Path dataDir, Path logFile) {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ProcessHandle.Info info = embedded.getProcess().toHandle().info();
            List<String> command = new ArrayList<>();
            command.add(info.command().orElseThrow(() -> new IllegalStateException("Cannot read the postmaster command")));
            command.addAll(List.of(info.arguments().orElseThrow(
                    () -> new IllegalStateException("Cannot read the postmaster arguments"))));
            PostgresServer server = new PostgresServer(dataDir, embedded.getPort(), command, logFile);
            server.postmaster = embedded.getProcess();
            log.info("PostgreSQL started [port={}, dataDir={}, command={}]", embedded.getPort(), dataDir, command);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDir, e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public synchronized int restarts() {
        return restarts;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** {@code pg_ctl stop -m immediate}: every backend is killed, nothing is checkpointed. */
    public synchronized void stopImmediately() {
        pgCtl("immediate");
        log.info("PostgreSQL stopped in immediate mode [port={}]", port);
    }

    /** Starts the postmaster again on the same port and data (WAL replay) and waits until it accepts connections. */
    public synchronized void startAgain(Duration atMost) throws InterruptedException {
        if (postmaster != null && postmaster.isAlive()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(postmasterCommand).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            postmaster = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the postmaster " + postmasterCommand, e);
        }
        restarts++;
        awaitConnectable(atMost);
        log.info("PostgreSQL started again [port={}, restarts={}]", port, restarts);
    }

    private void awaitConnectable(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                throw new IllegalStateException("The postmaster exited with " + postmaster.exitValue() + "; see " + logFile);
            }
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("PostgreSQL not accepting connections after " + atMost, last);
    }

    @Override
    public synchronized void close() {
        if (postmaster != null && postmaster.isAlive()) {
            pgCtl("fast");
        }
    }

    private void pgCtl(String mode) {
        ProcessBuilder builder = new ProcessBuilder(pgCtl.toString(), "-D", dataDir.toString(), "-m", mode, "-w",
                "-t", "60", "stop").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            Process ctl = builder.start();
            if (!ctl.waitFor(90, TimeUnit.SECONDS)) {
                ctl.destroyForcibly();
                throw new IllegalStateException("pg_ctl stop -m " + mode + " did not finish");
            }
            if (ctl.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl stop -m " + mode + " exited with " + ctl.exitValue() + "; see " + logFile);
            }
            if (postmaster != null) {
                postmaster.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + pgCtl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL", e);
        }
    }
}
