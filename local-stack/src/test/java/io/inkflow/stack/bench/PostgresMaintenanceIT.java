package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.stack.MigratedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The chain benchmark's reading of PostgreSQL's log, against the real server's lines and settings. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresMaintenanceIT {
    @TempDir
    Path dir;

    @Test
    void readsACheckpointAndASlowStatementFromTheServersOwnLogAndTheServerLogsEveryAutovacuum() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir)) {
            Instant from = Instant.now();
            try (Connection c = database.server().connect(); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
                s.execute("SELECT pg_sleep(0.15)");
                try (ResultSet rs = s.executeQuery("SHOW log_autovacuum_min_duration")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("autovacuums logged however short").isEqualTo("0");
                }
            }

            assertThat(PostgresMaintenance.within(dir.resolve("logs/postgres.log"), from, Instant.now(), "here"))
                    .startsWith("PostgreSQL maintenance and slow statements here:"
                            + " checkpoint (immediate force wait) at +")
                    .containsPattern("[0-9]+ ms in SELECT pg_sleep\\(0\\.15\\) at \\+");
        }
    }

    @Test
    void setsTheAutovacuumDelayAndReadsARealAutovacuumWithItsCpuAndElapsedTime() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir)) {
            assertThat(PostgresMaintenance.setAutovacuumDelay(database.server(), Duration.ofMillis(0)))
                    .isEqualTo("0 ms");
            assertThat(PostgresMaintenance.setAutovacuumDelay(database.server(), Duration.ofMillis(20)))
                    .isEqualTo("20 ms");
            Instant from = Instant.now();
            try (Connection c = database.server().connect(); Statement s = c.createStatement()) {
                // a table autovacuum takes up after its first dead row, and a launcher that looks every second
                s.execute("ALTER SYSTEM SET autovacuum_naptime = '1s'");
                s.execute("SELECT pg_reload_conf()");
                s.execute("CREATE TABLE churn (id int PRIMARY KEY, n int) WITH (autovacuum_vacuum_threshold = 0,"
                        + " autovacuum_vacuum_scale_factor = 0)");
                s.execute("INSERT INTO churn SELECT g, 0 FROM generate_series(1, 1000) g");
                s.execute("UPDATE churn SET n = 1");
            }

            Path log = dir.resolve("logs/postgres.log");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    PostgresMaintenance.within(log, from, Instant.now(), "here")
                            .matches(".*vacuum churn at \\+[0-9.]+ s \\(ended; [0-9.]+ s elapsed, [0-9.]+ s CPU\\).*"));
        }
    }
}
