package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.stack.MigratedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The chain benchmark's reading of PostgreSQL's own statistics, against a real server with the dispatcher's schema. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresWorkIT {
    @TempDir
    Path dir;

    @Test
    void countsTheCommitsWalAndStatementsOfWhatRanBetweenTwoSnapshots() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir)) {
            PostgresWork.enable(database.server());
            PostgresWork.enable(database.server()); // a second benchmark step on the same server asks again
            PostgresWork.Snapshot before = PostgresWork.take(database.server());
            try (Connection c = database.server().connect();
                 PreparedStatement s = c.prepareStatement(
                         "INSERT INTO dead_letters_bench_probe (n) SELECT generate_series(1, ?)")) {
                c.createStatement().execute("CREATE TABLE dead_letters_bench_probe (n int)");
                for (int i = 0; i < 10; i++) {
                    s.setInt(1, 5);
                    s.executeUpdate();
                }
                c.createStatement().execute("UPDATE dead_letters_bench_probe SET n = 0 WHERE n = 1");
            }
            // a backend reports its row counts at most once a second, and when it exits, after the client left
            PostgresWork.PerOrder work = await().atMost(Duration.ofSeconds(30)).until(
                    () -> PostgresWork.between(before, PostgresWork.take(database.server()), 2),
                    w -> w.tables().stream().anyMatch(t -> t.table().equals("dead_letters_bench_probe")
                            && t.updated() == 10));

            assertThat(work.commits()).as("11 commits of ours, and the snapshot's own").isGreaterThanOrEqualTo(5.5);
            assertThat(work.walBytes()).isPositive();
            assertThat(work.tables()).anySatisfy(t -> {
                assertThat(t.table()).isEqualTo("dead_letters_bench_probe");
                assertThat(t.inserted()).isEqualTo(50);
                assertThat(t.hotUpdated()).isBetween(0L, 10L);
                assertThat(t.deleted()).isZero();
            });
            assertThat(work.top()).anySatisfy(q -> {
                assertThat(q.text()).startsWith("INSERT INTO dead_letters_bench_probe");
                assertThat(q.calls()).isEqualTo(10);
                assertThat(q.rows()).isEqualTo(50);
                assertThat(q.execMillis()).isPositive();
            });
        }
    }
}
