package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.stack.MigratedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
}
